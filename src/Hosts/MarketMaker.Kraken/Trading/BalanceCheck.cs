using System.Globalization;
using System.Text.Json;
using MarketMaking.Adapters;
using MarketMaking.Models;
using MarketMaking.Oms;
using Microsoft.Extensions.Logging;

namespace MarketMaker.Kraken.Trading;

/// <summary>
/// Compares the venue's balances of the quoted assets with what our fills explain. Beside the journal it keeps, per
/// asset, the balance before any of our fills (<c>&lt;journal&gt;.balances.json</c>, written at the first check); at each
/// start, once the first reconciliation has recovered fills the journal missed, that baseline plus every fill the OMS
/// knows (base ± quantity; quote ∓ quantity × price, less fees, which Kraken charges in the quote currency by default)
/// must equal the venue's total. A difference is logged at Warning with both figures, and the baseline takes the
/// venue's figure so that it is reported once.
/// </summary>
/// <remarks>
/// Positions, PnL and limits follow the fills (the journal's, then the venue's trades since): a difference the fills do
/// not explain is a deposit, a withdrawal, or a trade outside this host, none of which is this strategy's inventory.
/// </remarks>
internal sealed partial class BalanceCheck
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };
    private readonly string _path;
    private readonly ILogger _logger;

    /// <summary>Initializes the check.</summary>
    /// <param name="journalPath">The journal's file; the baseline is kept beside it.</param>
    /// <param name="logger">Where the result goes.</param>
    public BalanceCheck(string journalPath, ILogger logger)
    {
        _path = journalPath + ".balances.json";
        _logger = logger;
    }

    /// <summary>Compares, logs, and moves the baseline to the venue's figures.</summary>
    /// <param name="venueBalances">The venue's balances now.</param>
    /// <param name="orders">Every order of ours on the venue the OMS knows (with its fills).</param>
    /// <param name="assets">The assets compared: the quoted instruments' base and quote.</param>
    /// <param name="assetsOf">The base and quote assets of an instrument.</param>
    /// <returns>The differences found (empty when every asset agrees, or at the first check).</returns>
    /// <exception cref="IOException">The baseline cannot be written.</exception>
    public IReadOnlyList<string> Run(IReadOnlyList<AssetBalance> venueBalances, IReadOnlyList<OmsOrder> orders, IEnumerable<AssetId> assets, Func<InstrumentId, (AssetId Base, AssetId Quote)> assetsOf)
    {
        var effects = FillEffects(orders, assetsOf);
        var venue = assets.Distinct().ToDictionary(a => a, a => venueBalances.FirstOrDefault(b => b.Asset == a)?.Total ?? 0m);
        var ours = venue.Keys.ToDictionary(a => a, a => effects.GetValueOrDefault(a));
        var baseline = Read();
        var differences = new List<string>();
        if (baseline is null)
        {
            LogBaseline(_logger, Describe(venue), _path);
        }
        else
        {
            foreach (var (asset, held) in venue)
            {
                var expected = baseline.GetValueOrDefault(asset.Value) + ours[asset];
                if (Math.Abs(held - expected) > 1e-8m)
                {
                    var difference = string.Create(CultureInfo.InvariantCulture, $"{asset}: the venue holds {held:0.########}, our fills explain {expected:0.########} ({held - expected:+0.########;-0.########} unexplained: a deposit, a withdrawal or a trade outside this host?)");
                    differences.Add(difference);
                    LogDifference(_logger, difference);
                }
            }

            if (differences.Count == 0)
            {
                LogAgrees(_logger, Describe(venue));
            }
        }

        // The balance before our fills, as the venue's figures now say: a difference is reported once.
        Write(venue.ToDictionary(e => e.Key.Value, e => e.Value - ours[e.Key]));
        return differences;
    }

    /// <summary>What our fills did to each asset of the quoted instruments.</summary>
    private static Dictionary<AssetId, decimal> FillEffects(IReadOnlyList<OmsOrder> orders, Func<InstrumentId, (AssetId Base, AssetId Quote)> assetsOf)
    {
        var effects = new Dictionary<AssetId, decimal>();
        foreach (var order in orders)
        {
            var (baseAsset, quoteAsset) = assetsOf(order.Instrument);
            var sign = order.Side == Side.Buy ? 1m : -1m;
            var filled = order.FilledQuantity.Value;
            effects[baseAsset] = effects.GetValueOrDefault(baseAsset) + (sign * filled);
            effects[quoteAsset] = effects.GetValueOrDefault(quoteAsset) - (sign * filled * (order.AveragePrice?.Value ?? 0m)) - order.Fees;
        }

        return effects;
    }

    private static string Describe(Dictionary<AssetId, decimal> balances) =>
        string.Join(", ", balances.Select(b => string.Create(CultureInfo.InvariantCulture, $"{b.Key} {b.Value:0.########}")));

    private Dictionary<string, decimal>? Read()
    {
        if (!File.Exists(_path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, decimal>>(File.ReadAllText(_path));
        }
        catch (JsonException exception)
        {
            // The baseline only serves this check: a damaged one is replaced, and said so.
            LogBadBaseline(_logger, _path, exception.Message);
            return null;
        }
    }

    private void Write(Dictionary<string, decimal> baseline)
    {
        var temporary = _path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(baseline, s_json));
        File.Move(temporary, _path, overwrite: true);
    }

    [LoggerMessage(EventId = 9210, Level = LogLevel.Information, Message = "Balance check: the venue's balances agree with our fills ({Balances})")]
    private static partial void LogAgrees(ILogger logger, string balances);

    [LoggerMessage(EventId = 9211, Level = LogLevel.Warning, Message = "Balance check: {Difference}. Positions follow our fills; the baseline now takes the venue's figure")]
    private static partial void LogDifference(ILogger logger, string difference);

    [LoggerMessage(EventId = 9212, Level = LogLevel.Information, Message = "Balance check: baseline taken from the venue's balances ({Balances}) in {Path}")]
    private static partial void LogBaseline(ILogger logger, string balances, string path);

    [LoggerMessage(EventId = 9213, Level = LogLevel.Warning, Message = "Balance check: the baseline {Path} could not be read ({Problem}); it is taken again from the venue")]
    private static partial void LogBadBaseline(ILogger logger, string path, string problem);
}
