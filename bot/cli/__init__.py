"""The `plaza` command and its subcommands."""
