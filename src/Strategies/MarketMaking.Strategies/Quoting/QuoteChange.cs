using MarketMaking.Models;
using MarketMaking.Oms;

namespace MarketMaking.Strategies;

/// <summary>One change from the resting orders to the grid, as the loop's requotes pass it on: a value, so that a requote allocates no change.</summary>
/// <param name="Kind">Place, amend or cancel.</param>
/// <param name="Side">The side.</param>
/// <param name="Order">The resting order amended or canceled, or <see langword="null"/> for a new one.</param>
/// <param name="Price">The desired price, for a place or an amend.</param>
/// <param name="Quantity">The desired size (an amend's total), for a place or an amend.</param>
internal readonly record struct QuoteChange(QuoteActionKind Kind, Side Side, OmsOrder? Order, Price? Price, Quantity? Quantity);
