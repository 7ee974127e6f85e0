using MarketMaking.Models;

namespace MarketMaking.Inventory;

/// <summary>The assets of an instrument: a fill of the instrument changes the base asset by its quantity and the quote asset by its notional.</summary>
/// <param name="Base">The asset bought or sold, such as BTC.</param>
/// <param name="Quote">The asset prices are in, such as USD or USDT.</param>
public readonly record struct AssetPair(AssetId Base, AssetId Quote)
{
    /// <summary>Reads a <c>BASE/QUOTE</c> symbol (Kraken's WebSocket v2 form, such as <c>BTC/USDT</c>).</summary>
    /// <param name="instrument">The instrument.</param>
    /// <param name="pair">The assets when the symbol has that form.</param>
    /// <returns>Whether it had.</returns>
    public static bool TryParse(InstrumentId instrument, out AssetPair pair)
    {
        var parts = instrument.Value?.Split('/') ?? [];
        if (parts.Length == 2 && AssetId.TryCreate(parts[0], out var @base) && AssetId.TryCreate(parts[1], out var quote))
        {
            pair = new AssetPair(@base, quote);
            return true;
        }

        pair = default;
        return false;
    }
}
