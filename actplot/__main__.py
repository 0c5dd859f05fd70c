from actplot.cli.app import main

main()
