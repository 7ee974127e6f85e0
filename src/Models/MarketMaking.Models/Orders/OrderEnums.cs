// The order area's wire and persisted enums, grouped in one file with pinned values (STYLE rule 13):
// 0 is reserved for Unspecified and members are never renumbered, because the journal stores these numbers.
#pragma warning disable CA1027 // Not flags: each value is a distinct state.

namespace MarketMaking.Models;

/// <summary>The side of an order, a fill or a trade's aggressor.</summary>
public enum Side
{
    /// <summary>Not set; never valid on an order.</summary>
    Unspecified = 0,

    /// <summary>Buy: bids on the book, pays the ask when taking.</summary>
    Buy = 1,

    /// <summary>Sell: offers on the book, hits the bid when taking.</summary>
    Sell = 2,
}

/// <summary>The type of an order.</summary>
public enum OrderType
{
    /// <summary>Not set; never valid on an order.</summary>
    Unspecified = 0,

    /// <summary>A limit order at a stated price (post-only is a flag of the request, not a type).</summary>
    Limit = 1,

    /// <summary>A market order, taking liquidity at the venue's prices.</summary>
    Market = 2,
}

/// <summary>How long an order stays working.</summary>
public enum TimeInForce
{
    /// <summary>Not set; adapters treat it as <see cref="GoodTillCanceled"/>.</summary>
    Unspecified = 0,

    /// <summary>Rests until filled or canceled (Kraken <c>GTC</c>).</summary>
    GoodTillCanceled = 1,

    /// <summary>Fills what it can at once, the rest is canceled (Kraken <c>IOC</c>, MEXC <c>IMMEDIATE_OR_CANCEL</c>).</summary>
    ImmediateOrCancel = 2,

    /// <summary>Fills completely at once or not at all (Kraken <c>FOK</c>).</summary>
    FillOrKill = 3,

    /// <summary>Rests until an expiry time (Kraken <c>GTD</c>).</summary>
    GoodTillDate = 4,
}

/// <summary>The state of an order in its life cycle, as the OMS tracks it.</summary>
public enum OrderStatus
{
    /// <summary>Not set.</summary>
    Unspecified = 0,

    /// <summary>Sent (or about to be sent); the venue has not acknowledged it yet.</summary>
    PendingNew = 1,

    /// <summary>Acknowledged by the venue and working, nothing filled.</summary>
    Accepted = 2,

    /// <summary>Working with part of its quantity filled.</summary>
    PartiallyFilled = 3,

    /// <summary>Completely filled; closed.</summary>
    Filled = 4,

    /// <summary>An amend was sent and is not yet acknowledged.</summary>
    PendingAmend = 5,

    /// <summary>A cancel was sent and is not yet acknowledged.</summary>
    PendingCancel = 6,

    /// <summary>Canceled, by us or by the venue; closed.</summary>
    Canceled = 7,

    /// <summary>Refused by the venue or by pre-trade risk; closed.</summary>
    Rejected = 8,

    /// <summary>Expired by its time in force; closed.</summary>
    Expired = 9,

    /// <summary>Its outcome is not known (timeout, dropped connection) until reconciliation settles it.</summary>
    Unknown = 10,
}

/// <summary>Whether a fill added liquidity (maker) or took it (taker).</summary>
public enum LiquiditySide
{
    /// <summary>Not given by the venue.</summary>
    Unspecified = 0,

    /// <summary>Our resting order was hit: maker fee.</summary>
    Maker = 1,

    /// <summary>Our order crossed the spread: taker fee.</summary>
    Taker = 2,
}
