from reelshift.cli import main

main()
