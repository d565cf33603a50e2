/// The top-level help of the `veles` command.
enum VelesUsage {
    static let text = """
    usage: veles <command> [options]

    commands:
      up       start the whole system and keep it running until Ctrl-C (`veles up --help` for its options;
               `veles up --demo` adds stripe-sim with the demo dataset and a demo workspace)
      status   show the processes of a running `veles up` (--data-dir DIR)
    """
}
