namespace MarketMaking.Models;

/// <summary>Optional features a venue adapter supports.</summary>
[Flags]
public enum VenueFeatures
{
    /// <summary>None of the optional features.</summary>
    None = 0,

    /// <summary>Orders can be amended in place (keeping ids, and priority where the venue allows).</summary>
    Amend = 1 << 0,

    /// <summary>Several orders can be placed in one request.</summary>
    BatchPlace = 1 << 1,

    /// <summary>Several orders can be canceled in one request.</summary>
    BatchCancel = 1 << 2,

    /// <summary>Every open order can be canceled in one request.</summary>
    CancelAll = 1 << 3,

    /// <summary>A dead-man switch cancels every order unless re-armed in time.</summary>
    DeadManSwitch = 1 << 4,

    /// <summary>Orders can be validated without being booked.</summary>
    ValidateOnly = 1 << 5,

    /// <summary>Orders can be addressed (canceled, amended) by client order id.</summary>
    ClientOrderIdAddressing = 1 << 6,

    /// <summary>The book channel carries a checksum to verify the local book.</summary>
    BookChecksum = 1 << 7,

    /// <summary>Orders can be placed over the WebSocket connection.</summary>
    WebSocketOrderEntry = 1 << 8,

    /// <summary>Orders can be reduce-only.</summary>
    ReduceOnly = 1 << 9,

    /// <summary>
    /// An order's quantity can be lowered in place at the same price, keeping its ids and its place in the queue, and
    /// nothing else can be amended (Binance spot's keep-priority amend); a venue with <see cref="Amend"/> needs it not.
    /// </summary>
    AmendQuantityDown = 1 << 10,
}
