import Foundation

/// The last segment of a model URL, split into its name (or version) and its verb:
/// `example:predict` → (`example`, `predict`); `example` → (`example`, nil).
///
/// Hummingbird's router cannot route on a colon inside a segment reliably (`{name}:predict`
/// and `{name}` would compete for the same segment), so the routes capture the whole segment
/// and the handlers split it here. A percent-encoded colon (`%3A`) counts as a colon.
struct ModelPathSegment {
    let name: String
    let verb: String?

    init(_ segment: String) {
        let decoded = segment.contains("%") ? (segment.removingPercentEncoding ?? segment) : segment
        if let colon = decoded.firstIndex(of: ":") {
            name = String(decoded[..<colon])
            verb = String(decoded[decoded.index(after: colon)...])
        } else {
            name = decoded
            verb = nil
        }
    }
}
