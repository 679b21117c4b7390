"""The knowledge pack: curated, sourced data about roles, tasks, AI capabilities and tools."""

from reelshift.kb.loader import KnowledgePack, builtin_pack, load_pack

__all__ = ["KnowledgePack", "builtin_pack", "load_pack"]
