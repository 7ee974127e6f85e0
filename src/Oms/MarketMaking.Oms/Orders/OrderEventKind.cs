namespace MarketMaking.Oms;

/// <summary>What can happen to an order, as the order state machine sees it. Values are pinned (the journal stores them).</summary>
public enum OrderEventKind
{
    /// <summary>Not an event.</summary>
    Unspecified = 0,

    /// <summary>The venue acknowledged the submit (the order is live or about to be).</summary>
    SubmitAcknowledged = 1,

    /// <summary>The venue refused the submit: nothing was placed.</summary>
    SubmitRejected = 2,

    /// <summary>The submit got no answer (timeout, dropped connection): it may or may not have been placed.</summary>
    SubmitOutcomeUnknown = 3,

    /// <summary>The venue reports the order resting in the book.</summary>
    Accepted = 4,

    /// <summary>A fill that leaves quantity open.</summary>
    PartiallyFilled = 5,

    /// <summary>A fill that completes the order (or the venue's report that it is filled).</summary>
    Filled = 6,

    /// <summary>An amend was sent.</summary>
    AmendRequested = 7,

    /// <summary>The venue acknowledged the amend, or reported the order amended.</summary>
    Amended = 8,

    /// <summary>The venue refused the amend: nothing changed.</summary>
    AmendRejected = 9,

    /// <summary>A cancel was sent.</summary>
    CancelRequested = 10,

    /// <summary>The venue refused the cancel (the order is still open, or already done).</summary>
    CancelRejected = 11,

    /// <summary>The venue reports the order canceled (by us, the dead-man switch, or the engine).</summary>
    Canceled = 12,

    /// <summary>The venue reports the order expired.</summary>
    Expired = 13,

    /// <summary>Reconciliation found no trace of the order at the venue: it was never placed.</summary>
    NotFoundAtVenue = 14,
}
