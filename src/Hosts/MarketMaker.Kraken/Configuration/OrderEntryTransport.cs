namespace MarketMaker.Kraken.Configuration;

/// <summary>How orders are sent to a venue that takes them both ways.</summary>
public enum OrderEntryTransport
{
    /// <summary>Requests on one long-lived WebSocket connection (Binance's WebSocket API, Bybit's trade stream): no connection set-up or headers per order.</summary>
    WebSocket,

    /// <summary>One HTTPS request per order, on pooled connections.</summary>
    Rest,
}
