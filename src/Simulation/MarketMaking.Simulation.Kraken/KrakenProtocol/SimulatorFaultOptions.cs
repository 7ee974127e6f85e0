using System.Globalization;

namespace MarketMaking.Simulation.KrakenProtocol;

/// <summary>
/// Faults the Kraken-protocol simulator injects, for reliability tests and for trying a strategy under bad conditions.
/// Every random choice comes from the venue seed, so a run is reproducible. All are off by default.
/// </summary>
/// <remarks>
/// Written on the command line as <c>key=value</c> pairs separated by commas (see <see cref="Parse"/>), for example
/// <c>disconnect-every=20000,corrupt-checksum-every=5000,rate-limit=0.02,drop-ack=0.01,ack-delay=200ms</c>.
/// </remarks>
public sealed class SimulatorFaultOptions
{
    private static readonly string[] s_keys =
    [
        "disconnect-every", "disconnect-probability", "silence-at", "silence-for", "corrupt-checksum-every", "rate-limit",
        "drop-ack", "ack-delay", "duplicate-execution", "reorder-execution", "maintenance-at",
    ];

    /// <summary>Gets or sets the replayed-event interval at which every WebSocket connection is dropped (0: never).</summary>
    public long DisconnectEvery { get; set; }

    /// <summary>Gets or sets the chance, per replayed event, that every WebSocket connection is dropped.</summary>
    public double DisconnectProbability { get; set; }

    /// <summary>Gets or sets the replayed event after which the server goes silent (0: never).</summary>
    public long SilenceAt { get; set; }

    /// <summary>Gets or sets how long the silence lasts, on the server's clock (nothing is sent, nothing answered).</summary>
    public TimeSpan SilenceFor { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>Gets or sets the replayed-event interval at which the next book update carries a wrong checksum (0: never).</summary>
    public long CorruptChecksumEvery { get; set; }

    /// <summary>Gets or sets the chance that a trading request is refused with Kraken's rate-limit error.</summary>
    public double RateLimit { get; set; }

    /// <summary>Gets or sets the chance that a trading request is carried out but its answer is never sent.</summary>
    public double DropAck { get; set; }

    /// <summary>Gets or sets how long every trading answer is held back.</summary>
    public TimeSpan AckDelay { get; set; }

    /// <summary>Gets or sets the chance that an <c>executions</c> message is sent twice.</summary>
    public double DuplicateExecution { get; set; }

    /// <summary>Gets or sets the chance that an <c>executions</c> message is held back and sent after the next one.</summary>
    public double ReorderExecution { get; set; }

    /// <summary>Gets or sets the replayed event at which the <c>status</c> channel announces maintenance (0: never).</summary>
    public long MaintenanceAt { get; set; }

    /// <summary>Parses a fault specification such as <c>disconnect-every=20000,ack-delay=200ms,rate-limit=0.02</c>.</summary>
    /// <param name="specification">The pairs; empty for none.</param>
    /// <returns>The faults.</returns>
    /// <exception cref="FormatException">A key is unknown or a value is not valid; the message names it and lists the keys.</exception>
    public static SimulatorFaultOptions Parse(string? specification)
    {
        var faults = new SimulatorFaultOptions();
        foreach (var pair in (specification ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2)
            {
                throw new FormatException($"Fault '{pair}' is not key=value; keys: {string.Join(", ", s_keys)}");
            }

            var (key, value) = (parts[0], parts[1]);
            try
            {
                switch (key)
                {
                    case "disconnect-every": faults.DisconnectEvery = Count(value); break;
                    case "disconnect-probability": faults.DisconnectProbability = Probability(value); break;
                    case "silence-at": faults.SilenceAt = Count(value); break;
                    case "silence-for": faults.SilenceFor = Duration(value); break;
                    case "corrupt-checksum-every": faults.CorruptChecksumEvery = Count(value); break;
                    case "rate-limit": faults.RateLimit = Probability(value); break;
                    case "drop-ack": faults.DropAck = Probability(value); break;
                    case "ack-delay": faults.AckDelay = Duration(value); break;
                    case "duplicate-execution": faults.DuplicateExecution = Probability(value); break;
                    case "reorder-execution": faults.ReorderExecution = Probability(value); break;
                    case "maintenance-at": faults.MaintenanceAt = Count(value); break;
                    default: throw new FormatException($"Unknown fault '{key}'; keys: {string.Join(", ", s_keys)}");
                }
            }
            catch (Exception exception) when (exception is OverflowException or ArgumentException)
            {
                throw new FormatException($"Fault '{pair}': {exception.Message}", exception);
            }
        }

        return faults;
    }

    private static long Count(string value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : throw new FormatException($"'{value}' is not a whole number of events");

    private static double Probability(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && p is >= 0 and <= 1
            ? p
            : throw new FormatException($"'{value}' is not a probability from 0 to 1");

    private static TimeSpan Duration(string value)
    {
        var (number, scale) = value.EndsWith("ms", StringComparison.Ordinal) ? (value[..^2], 1.0)
            : value.EndsWith('s') ? (value[..^1], 1000.0)
            : value.EndsWith('m') ? (value[..^1], 60_000.0)
            : (value, double.NaN);
        return !double.IsNaN(scale) && double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount >= 0
            ? TimeSpan.FromMilliseconds(amount * scale)
            : throw new FormatException($"'{value}' is not a duration such as 200ms, 5s or 2m");
    }
}
