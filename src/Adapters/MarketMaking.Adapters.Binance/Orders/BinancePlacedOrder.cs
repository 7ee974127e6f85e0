using MarketMaking.Models;

namespace MarketMaking.Adapters.Binance;

/// <summary>An order as placed: what an amend must send again.</summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="Side">The side.</param>
/// <param name="Quantity">The quantity in base units.</param>
/// <param name="Price">The limit price, or <see langword="null"/> for a market order.</param>
internal sealed record BinancePlacedOrder(string Symbol, Side Side, Quantity Quantity, Price? Price);
