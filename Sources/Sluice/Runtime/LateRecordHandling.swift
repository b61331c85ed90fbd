/// What happens to a record that arrives after every window it belongs to has closed.
public enum LateRecordHandling: String, Sendable, CaseIterable {
    /// Count it in `sluice_records_late_total` and the report, and log it (rate-limited).
    case count
    /// Count it, and send it to the dead-letter topic with the reason.
    case deadLetter = "dead-letter"
}
