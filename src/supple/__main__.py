from supple.cli import main

main()
