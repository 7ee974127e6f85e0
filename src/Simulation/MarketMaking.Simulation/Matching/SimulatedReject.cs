using MarketMaking.Adapters;
using MarketMaking.Models;

namespace MarketMaking.Simulation.Matching;

/// <summary>
/// Why the simulated venue refuses a request, independent of any venue's protocol: a protocol front (the Kraken-protocol
/// simulator) turns each into its venue's own error. Carried as the refusal's <see cref="VenueError.VenueCode"/> (the
/// member's name), with the <see cref="VenueErrorKind"/> the OMS acts on.
/// </summary>
public enum SimulatedReject
{
    /// <summary>The account is not known to the venue (bad credentials).</summary>
    UnknownAccount = 1,

    /// <summary>The request fails its own validation; the message says why.</summary>
    InvalidArguments,

    /// <summary>The instrument is not traded on the venue.</summary>
    UnknownInstrument,

    /// <summary>An open order of the account already has the client order id.</summary>
    DuplicateOrder,

    /// <summary>A post-only order would take liquidity.</summary>
    PostOnlyWouldCross,

    /// <summary>A market or fill-or-kill order finds too little to take.</summary>
    InsufficientLiquidity,

    /// <summary>A time in force the simulator does not model (good-till-date).</summary>
    Unsupported,

    /// <summary>The account cannot hold what the order needs.</summary>
    InsufficientFunds,

    /// <summary>The order is not open (filled, canceled, never placed).</summary>
    UnknownOrder,

    /// <summary>The price is not on the instrument's tick.</summary>
    TickSize,

    /// <summary>The quantity is below the instrument's minimum.</summary>
    OrderMinimum,

    /// <summary>Price × quantity is below the instrument's minimum notional.</summary>
    CostMinimum,
}
