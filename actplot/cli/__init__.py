"""The command line: parses arguments and forwards to the library; nothing else."""
