/// Why a connection operation was refused; each case names the RPC status it stands for and says what to do.
/// Messages carry a key's last four characters at most.
enum ConnectionError: Error, Sendable, Hashable, CustomStringConvertible {
    case workspaceMissing
    /// Not a usable secret key (publishable, malformed); the message says which key to use.
    case invalidKey(String)
    /// Stripe refused the key; Stripe's own message.
    case keyRejected(String)
    case accountIdRequired
    case invalidArgument(String)
    case alreadyConnected(accountId: String)
    case neverConnected
    case unknownConnectionId(String)
    case disconnected
    case keyInvalid(reason: String)
    case otherAccount(current: String, offered: String)
    case otherMode(current: String, offered: String)
    case staleGeneration(current: Int64, offered: Int64)
    case noWebhookEndpoint(connectionId: String)
    /// Stripe could not be reached or kept failing; worth retrying later.
    case stripeUnavailable(String)
    /// Stripe refused something other than the key (a permission, a bad webhook URL).
    case stripeRefused(String)
    case storage(String)

    /// The gRPC status name the bus reports for this error.
    var statusName: String {
        switch self {
        case .workspaceMissing, .invalidKey, .accountIdRequired, .invalidArgument: "INVALID_ARGUMENT"
        case .keyRejected: "UNAUTHENTICATED"
        case .alreadyConnected: "ALREADY_EXISTS"
        case .neverConnected, .unknownConnectionId: "NOT_FOUND"
        case .disconnected, .keyInvalid, .otherAccount, .otherMode, .staleGeneration, .noWebhookEndpoint,
             .stripeRefused: "FAILED_PRECONDITION"
        case .stripeUnavailable: "UNAVAILABLE"
        case .storage: "INTERNAL"
        }
    }

    var description: String {
        switch self {
        case .workspaceMissing:
            "workspace id missing: the request carried no workspace in its metadata"
        case .invalidKey(let message):
            message
        case .keyRejected(let message):
            "Stripe refused the API key: \(message)"
        case .accountIdRequired:
            "this key may not read the Stripe account (a restricted key, or an emulator without /v1/account); give account_id (and account_name) with the key"
        case .invalidArgument(let message):
            message
        case .alreadyConnected(let accountId):
            "the workspace is already connected to Stripe account \(accountId); rotate the key instead (Update API Key: POST /api/v1/stripe/connection/api-key), or disconnect first"
        case .neverConnected:
            "the workspace has no Stripe connection; connect one with a secret key first"
        case .unknownConnectionId(let id):
            "no Stripe connection has id \(id)"
        case .disconnected:
            "the workspace's Stripe connection is disconnected; connect again to call Stripe"
        case .keyInvalid(let reason):
            "Stripe refused the stored API key (\(reason)); set a working key with Update API Key (POST /api/v1/stripe/connection/api-key)"
        case .otherAccount(let current, let offered):
            "the new key belongs to Stripe account \(offered), but the workspace is connected to \(current); a key rotation must stay in the same account (Disconnect and Connect to switch accounts)"
        case .otherMode(let current, let offered):
            "the new key is a \(offered)-mode key, but the connection is in \(current) mode; switching mode is Disconnect and Connect with the other key"
        case .staleGeneration(let current, let offered):
            "the report is for connection generation \(offered), but the workspace has reconnected since (generation \(current))"
        case .noWebhookEndpoint(let id):
            "connection \(id) has no webhook endpoint (no public webhook URL was configured when it connected); its changes arrive by polling /v1/events"
        case .stripeUnavailable(let message):
            "Stripe could not be reached: \(message); try again shortly"
        case .stripeRefused(let message):
            "Stripe refused the request: \(message)"
        case .storage(let message):
            "the connection store failed: \(message)"
        }
    }
}
