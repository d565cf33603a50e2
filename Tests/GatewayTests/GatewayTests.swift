import Testing

/// Every gateway suite nests here, so the suites that start a whole stack of processes run one after another.
@Suite(.serialized)
struct GatewayTests {}
