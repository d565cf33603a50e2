/// Where the processes run, which decides the addresses they use to find each other.
enum Layout: String, Sendable, CaseIterable {
    /// Every process on this machine, on loopback, sharing one data folder (what `make run` does).
    case local
    /// One container per process, as compose.yaml describes: services find each other by service name,
    /// listen on every interface of their container and keep their store in a volume mounted at `/data`.
    case compose
}
