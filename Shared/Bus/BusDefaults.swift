/// The endpoints every process uses when none is configured, so a one-machine setup needs no flags.
public enum BusDefaults {
    public static let frontend = "tcp://127.0.0.1:5555"
    public static let backend = "tcp://127.0.0.1:5556"
}
