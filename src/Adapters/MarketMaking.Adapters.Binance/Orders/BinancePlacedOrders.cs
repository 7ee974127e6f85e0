using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Binance;

/// <summary>
/// The orders a client placed, by client and venue order id: futures' amend must send the order's side, quantity and
/// price, and a query by venue order id needs its symbol. The most recent <see cref="Kept"/> are remembered (a market
/// maker places thousands an hour; older ones are long done). Thread-safe.
/// </summary>
internal sealed class BinancePlacedOrders
{
    /// <summary>How many placed orders are remembered.</summary>
    public const int Kept = 10_000;

    private readonly ConcurrentDictionary<string, BinancePlacedOrder> _placed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _clientIdByVenueId = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string ClientOrderId, string VenueOrderId)> _order = new();

    /// <summary>Reads a place's answer (an order in Binance's shape) into the acknowledgement, and remembers the order.</summary>
    /// <param name="request">The order sent.</param>
    /// <param name="answer">Binance's order: <c>orderId</c>, <c>clientOrderId</c>, <c>status</c>.</param>
    /// <returns>The acknowledgement.</returns>
    public OrderAck Acknowledge(OrderRequest request, JsonElement answer)
    {
        var venueOrderId = answer.GetProperty("orderId").GetInt64().ToString(CultureInfo.InvariantCulture);
        var clientOrderId = answer.GetProperty("clientOrderId").GetString()!;
        _placed[clientOrderId] = new BinancePlacedOrder(request.Instrument.Value, request.Side, request.Quantity, request.LimitPrice);
        _clientIdByVenueId[venueOrderId] = clientOrderId;
        _order.Enqueue((clientOrderId, venueOrderId));
        while (_order.Count > Kept && _order.TryDequeue(out var oldest))
        {
            _placed.TryRemove(oldest.ClientOrderId, out _);
            _clientIdByVenueId.TryRemove(oldest.VenueOrderId, out _);
        }

        return new OrderAck(VenueOrderId.Create(venueOrderId), ClientOrderId.Create(clientOrderId))
        {
            Description = answer.TryGetProperty("status", out var status) ? status.GetString() : null,
        };
    }

    /// <summary>Finds a placed order by its client order id, else by its venue order id.</summary>
    /// <param name="order">The order.</param>
    /// <param name="clientOrderId">Its client order id, when found.</param>
    /// <param name="placed">What was placed, when found.</param>
    /// <returns>Whether it was found.</returns>
    public bool TryFind(OrderReference order, out string clientOrderId, out BinancePlacedOrder placed)
    {
        clientOrderId = order.ClientOrderId?.Value
            ?? (order.VenueOrderId is { } venueId && _clientIdByVenueId.TryGetValue(venueId.Value, out var found) ? found : null)!;
        placed = null!;
        return clientOrderId is not null && _placed.TryGetValue(clientOrderId, out placed!);
    }

    /// <summary>Records an amend the venue took.</summary>
    public void Amended(string clientOrderId, BinancePlacedOrder placed) => _placed[clientOrderId] = placed;

    /// <summary>Gets the symbol an order was placed on, or <see langword="null"/> when this client did not place it (or forgot it).</summary>
    public string? SymbolOf(VenueOrderId order) =>
        _clientIdByVenueId.TryGetValue(order.Value, out var clientOrderId) && _placed.TryGetValue(clientOrderId, out var placed) ? placed.Symbol : null;
}
