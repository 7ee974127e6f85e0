using MarketMaking.Models;

namespace MarketMaking.Adapters.Mexc;

/// <summary>One MEXC futures order (open orders, <c>push.personal.order</c>). Sizes are in contracts.</summary>
/// <param name="OrderId">MEXC's order id (an int64 above 2^53, kept as text).</param>
/// <param name="Instrument">The contract.</param>
/// <param name="Price">The limit price, quote per base unit.</param>
/// <param name="Contracts">The size (<c>vol</c>).</param>
/// <param name="FilledContracts">The filled size (<c>dealVol</c>).</param>
/// <param name="AverageFillPrice">The average fill price (<c>dealAvgPrice</c>).</param>
/// <param name="Side">MEXC's side: 1 open long, 2 close short, 3 open short, 4 close long.</param>
/// <param name="OrderType">1 limit, 2 post-only, 3 IOC, 4 FOK, 5 market, 6 market at the current price.</param>
/// <param name="Status">The platform's status, from MEXC's <c>state</c> (1 pending, 2 open, 3 filled, 4 canceled, 5 invalid).</param>
/// <param name="ClientOrderId">The <c>externalOid</c>, or <see langword="null"/>.</param>
/// <param name="ErrorCode">MEXC's cancel reason (18 IOC, 19 FOK, 20 post-only, ...), 0 when none.</param>
public sealed record MexcFuturesOrder(
    string OrderId,
    InstrumentId Instrument,
    decimal Price,
    decimal Contracts,
    decimal FilledContracts,
    decimal AverageFillPrice,
    int Side,
    int OrderType,
    OrderStatus Status,
    ClientOrderId? ClientOrderId,
    int ErrorCode);
