using System.Collections.Frozen;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Kraken;

/// <summary>
/// Converts Kraken's asset and pair names to the platform's: REST's legacy codes (<c>XXBT</c>, <c>ZUSD</c>, pair
/// <c>XBT/USD</c>) become <c>BTC</c>, <c>USD</c> and <c>BTC/USD</c>, the names WebSocket v2 uses.
/// </summary>
/// <remarks>
/// Source: <see href="https://docs.kraken.com/api/docs/rest-api/get-tradable-asset-pairs"/> and the notes in
/// <c>docs/protocol/kraken.md</c> §1.1. Wallet suffixes (<c>.F</c>, <c>.S</c>, <c>.M</c>, <c>.B</c>) are kept: those balances are
/// not spot balances.
/// </remarks>
public static class KrakenAssetNames
{
    // The legacy four-letter codes Kraken still uses in REST; newer assets have plain codes.
    private static readonly FrozenDictionary<string, string> s_legacy = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["XXBT"] = "BTC", ["XBT"] = "BTC", ["XETH"] = "ETH", ["XLTC"] = "LTC", ["XXRP"] = "XRP", ["XXLM"] = "XLM",
        ["XXMR"] = "XMR", ["XZEC"] = "ZEC", ["XETC"] = "ETC", ["XREP"] = "REP", ["XMLN"] = "MLN", ["XXDG"] = "DOGE",
        ["XDG"] = "DOGE", ["ZUSD"] = "USD", ["ZEUR"] = "EUR", ["ZGBP"] = "GBP", ["ZJPY"] = "JPY", ["ZCAD"] = "CAD",
        ["ZAUD"] = "AUD", ["ZCHF"] = "CHF",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Returns the platform's name of a Kraken asset code.</summary>
    /// <param name="krakenAsset">The code, such as <c>XXBT</c>, <c>ZUSD</c>, <c>USDT</c> or <c>ETH2.S</c>.</param>
    /// <returns>The canonical code, such as <c>BTC</c>, <c>USD</c>, <c>USDT</c> or <c>ETH2.S</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="krakenAsset"/> is empty.</exception>
    public static string ToCanonicalAsset(string krakenAsset)
    {
        ArgumentException.ThrowIfNullOrEmpty(krakenAsset);
        var dot = krakenAsset.IndexOf('.', StringComparison.Ordinal);
        var code = dot < 0 ? krakenAsset : krakenAsset[..dot];
        var suffix = dot < 0 ? string.Empty : krakenAsset[dot..];
        return (s_legacy.TryGetValue(code, out var canonical) ? canonical : code) + suffix;
    }

    /// <summary>Returns the platform's instrument id of a Kraken pair name in <c>BASE/QUOTE</c> form.</summary>
    /// <param name="wsName">The pair, such as <c>XBT/USD</c> (REST <c>wsname</c>) or <c>BTC/USD</c> (WebSocket v2).</param>
    /// <returns>The instrument, such as <c>BTC/USD</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="wsName"/> is not of the form <c>BASE/QUOTE</c>.</exception>
    public static InstrumentId ToInstrument(string wsName)
    {
        ArgumentException.ThrowIfNullOrEmpty(wsName);
        var slash = wsName.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == wsName.Length - 1)
        {
            throw new ArgumentException($"Kraken pair '{wsName}' is not of the form BASE/QUOTE.", nameof(wsName));
        }

        return InstrumentId.Create($"{ToCanonicalAsset(wsName[..slash])}/{ToCanonicalAsset(wsName[(slash + 1)..])}");
    }
}
