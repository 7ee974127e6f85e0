using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace MarketMaker.Kraken.Configuration;

/// <summary>
/// Where the OMS journal lives: <c>Oms:JournalPath</c> when set, else one file per venue account in the state
/// directory (<c>Host:StateDirectory</c>, default <c>state</c> under the working directory, created owner-only):
/// <c>journal-live-&lt;venue&gt;-&lt;account&gt;.db</c> in live mode, where the account is the first 12 hex digits of the
/// SHA-256 of the API key (the key itself is never written), and <c>journal-sim.db</c> in sim mode, emptied at every
/// sim start (each sim run begins on a new simulated venue).
/// </summary>
internal static class JournalLocation
{
    /// <summary>Resolves the journal file and prepares its directory.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <param name="options">The host's settings.</param>
    /// <param name="mode"><c>sim</c> or <c>live</c>.</param>
    /// <returns>The path, or <see langword="null"/> when the journal is turned off (<c>Oms:JournalPath</c> set to <c>none</c>).</returns>
    /// <exception cref="IOException">The state directory cannot be created.</exception>
    /// <exception cref="UnauthorizedAccessException">The state directory cannot be created.</exception>
    public static string? Resolve(IConfiguration configuration, RunOptions options, string mode)
    {
        if (configuration["Oms:JournalPath"] is { Length: > 0 } configured)
        {
            return string.Equals(configured, "none", StringComparison.OrdinalIgnoreCase) ? null : Path.GetFullPath(configured);
        }

        var directory = Path.GetFullPath(options.StateDirectory);
        if (!Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        if (mode != "live")
        {
            var sim = Path.Combine(directory, "journal-sim.db");
            foreach (var file in new[] { sim, sim + "-wal", sim + "-shm", sim + ".balances.json" })
            {
                File.Delete(file);
            }

            return sim;
        }

        // One journal per venue account: the key's hash names it, never the key.
        var key = options.QuotesBinanceUsdm ? configuration["BINANCE_API_KEY"] ?? configuration[$"{BinanceUsdmSettings.SectionName}:ApiKey"] ?? string.Empty
            : options.QuotesBinanceSpot ? configuration["BINANCE_API_KEY"] ?? configuration[$"{BinanceSpotSettings.SectionName}:ApiKey"] ?? string.Empty
            : options.QuotesBybitSpot ? configuration["BYBIT_API_KEY"] ?? configuration[$"{BybitSpotSettings.SectionName}:ApiKey"] ?? string.Empty
            : options.QuotesBybitLinear ? configuration["BYBIT_API_KEY"] ?? configuration[$"{BybitLinearSettings.SectionName}:ApiKey"] ?? string.Empty
            : options.QuotesMexcSpot ? configuration["MEXC_API_KEY"] ?? configuration["MexcSpot:ApiKey"] ?? string.Empty
            : configuration["KRAKEN_API_KEY"] ?? configuration["Kraken:ApiKey"] ?? string.Empty;
        var account = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..12];
        return Path.Combine(directory, $"journal-live-{options.Venue}-{account}.db");
    }
}
