using System.Text;

namespace MarketMaking.Adapters.Binance;

/// <summary>
/// Builds what a signed Binance request signs. REST: the parameters in the order sent, each name and value
/// percent-encoded as UTF-8 (RFC 3986; since 2026-01-15 a non-ASCII value must be encoded before signing, or the
/// venue answers <c>-1022</c>). WebSocket API: every parameter but <c>signature</c>, sorted by name, values as they are.
/// </summary>
/// <remarks>
/// Sources: https://developers.binance.com/docs/binance-spot-api-docs/rest-api/request-security and
/// https://developers.binance.com/docs/binance-spot-api-docs/websocket-api/request-security.
/// </remarks>
public static class BinancePayload
{
    /// <summary>The REST payload: <c>name=value</c> joined by <c>&amp;</c>, percent-encoded, in the order given.</summary>
    /// <param name="parameters">The parameters, <c>recvWindow</c> and <c>timestamp</c> included, <c>signature</c> not.</param>
    /// <returns>The query string (or form body) to sign and send.</returns>
    public static string Rest(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return Join(parameters.Select(p => (Uri.EscapeDataString(p.Key), Uri.EscapeDataString(p.Value))));
    }

    /// <summary>The WebSocket API payload: the parameters sorted by name (ordinal), <c>name=value</c> joined by <c>&amp;</c>, not encoded.</summary>
    /// <param name="parameters">The request's <c>params</c>, <c>apiKey</c> and <c>timestamp</c> included, <c>signature</c> not.</param>
    /// <returns>The text to sign.</returns>
    public static string WebSocketApi(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return Join(parameters.Where(p => p.Key != "signature").OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value)));
    }

    private static string Join(IEnumerable<(string Name, string Value)> parameters)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            text.Append(text.Length == 0 ? string.Empty : "&").Append(name).Append('=').Append(value);
        }

        return text.ToString();
    }
}
