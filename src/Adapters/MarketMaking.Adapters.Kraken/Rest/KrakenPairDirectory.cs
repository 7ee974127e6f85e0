using System.Collections.Frozen;
using System.Collections.Immutable;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Kraken;

/// <summary>
/// Finds a Kraken pair by any of its names (result key <c>XXBTZUSD</c>, altname <c>XBTUSD</c>, REST wsname
/// <c>XBT/USD</c>, v2 symbol <c>BTC/USD</c>) or by the platform's instrument id. Immutable; built from <c>AssetPairs</c>.
/// </summary>
public sealed class KrakenPairDirectory
{
    private readonly FrozenDictionary<string, KrakenAssetPair> _byName;
    private readonly FrozenDictionary<InstrumentId, KrakenAssetPair> _byInstrument;

    /// <summary>Initializes a directory.</summary>
    /// <param name="pairs">The pairs from <c>AssetPairs</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="pairs"/> is null.</exception>
    public KrakenPairDirectory(IEnumerable<KrakenAssetPair> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        Pairs = [.. pairs];
        var byName = new Dictionary<string, KrakenAssetPair>(StringComparer.Ordinal);
        foreach (var pair in Pairs)
        {
            byName.TryAdd(pair.Key, pair);
            byName.TryAdd(pair.AltName, pair);
            byName.TryAdd(pair.Instrument.Value, pair);
        }

        _byName = byName.ToFrozenDictionary(StringComparer.Ordinal);
        _byInstrument = Pairs.DistinctBy(p => p.Instrument).ToFrozenDictionary(p => p.Instrument);
    }

    /// <summary>Gets an empty directory.</summary>
    public static KrakenPairDirectory Empty { get; } = new([]);

    /// <summary>Gets every pair.</summary>
    public ImmutableArray<KrakenAssetPair> Pairs { get; }

    /// <summary>Finds a pair by a Kraken name.</summary>
    /// <param name="name">The key, altname, or symbol.</param>
    /// <param name="pair">The pair when found.</param>
    /// <returns><see langword="true"/> when found.</returns>
    public bool TryFind(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out KrakenAssetPair? pair)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_byName.TryGetValue(name, out pair))
        {
            return true;
        }

        // A REST wsname such as "XBT/USD" is found by its canonical form.
        return name.Contains('/', StringComparison.Ordinal) && _byName.TryGetValue(KrakenAssetNames.ToInstrument(name).Value, out pair);
    }

    /// <summary>Finds a pair by the platform's instrument id.</summary>
    /// <param name="instrument">The instrument, such as <c>BTC/USD</c>.</param>
    /// <param name="pair">The pair when found.</param>
    /// <returns><see langword="true"/> when found.</returns>
    public bool TryFind(InstrumentId instrument, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out KrakenAssetPair? pair) =>
        _byInstrument.TryGetValue(instrument, out pair);
}
