/// Where a transactional id's current transaction stands. Markers are written synchronously under the
/// broker's lock, so there are no "preparing" phases.
enum TransactionPhase {
    case empty
    case ongoing
    case completeCommit
    case completeAbort
}
