using System.Collections.Specialized;
using System.Globalization;
using System.Text;
using MarketMaking.Models;
using Microsoft.AspNetCore.Http;

namespace MarketMaking.Simulation.BinanceProtocol;

/// <summary>
/// The futures dead-man switch, <c>POST countdownCancelAll</c>: per symbol, a countdown that cancels every open order of
/// ours in that symbol when it ends (each canceled order reported on the user stream); a new call replaces it, and
/// <c>countdownTime</c> 0 turns it off. Countdowns run on the simulator's clock, checked every 10 ms, as Binance says it
/// checks "approximately every 10 milliseconds".
/// </summary>
/// <remarks>Source: <see href="https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/rest-api/Auto-Cancel-All-Open-Orders"/>.</remarks>
internal sealed class BinanceCountdownCancel : IDisposable
{
    private static readonly TimeSpan s_checkEvery = TimeSpan.FromMilliseconds(10);
    private readonly BinanceSimulatorCore _core;
    private readonly Dictionary<InstrumentId, DateTimeOffset> _deadlines = [];
    private readonly ITimer _timer;
    private int _checking;

    public BinanceCountdownCancel(BinanceSimulatorCore core)
    {
        _core = core;
        _timer = core.TimeProvider.CreateTimer(_ => _ = CancelWhatIsDueAsync(), null, s_checkEvery, s_checkEvery);
    }

    /// <summary>Gets each armed symbol's deadline.</summary>
    public IReadOnlyDictionary<InstrumentId, DateTimeOffset> Armed
    {
        get
        {
            lock (_deadlines)
            {
                return new Dictionary<InstrumentId, DateTimeOffset>(_deadlines);
            }
        }
    }

    public async Task HandleAsync(HttpContext context, NameValueCollection query)
    {
        var instrument = query["symbol"] is { Length: > 0 } symbol ? InstrumentId.Create(symbol) : default;
        if (instrument.Value is null || !_core.Instruments.ContainsKey(instrument))
        {
            await RefuseAsync(context, -1121, "Invalid symbol.").ConfigureAwait(false);
            return;
        }

        if (!long.TryParse(query["countdownTime"], NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds))
        {
            await RefuseAsync(context, -1102, "Mandatory parameter 'countdownTime' was not sent, was empty/null, or malformed.").ConfigureAwait(false);
            return;
        }

        lock (_deadlines)
        {
            if (milliseconds == 0)
            {
                _deadlines.Remove(instrument);
            }
            else
            {
                _deadlines[instrument] = _core.TimeProvider.GetUtcNow() + TimeSpan.FromMilliseconds(milliseconds);
            }
        }

        await BinanceRestEndpoint.AnswerAsync(context, StatusCodes.Status200OK, Encoding.UTF8.GetBytes(
            $"{{\"symbol\":\"{instrument.Value}\",\"countdownTime\":\"{milliseconds.ToString(CultureInfo.InvariantCulture)}\"}}")).ConfigureAwait(false);
    }

    public void Dispose() => _timer.Dispose();

    private async Task CancelWhatIsDueAsync()
    {
        // One check at a time: a slow venue step must not start a second one on the next tick.
        if (Interlocked.Exchange(ref _checking, 1) == 1)
        {
            return;
        }

        try
        {
            InstrumentId[] due;
            lock (_deadlines)
            {
                var now = _core.TimeProvider.GetUtcNow();
                due = [.. _deadlines.Where(d => d.Value <= now).Select(d => d.Key)];
                foreach (var instrument in due)
                {
                    _deadlines.Remove(instrument);
                }
            }

            foreach (var instrument in due)
            {
                await _core.RunAsync(venue =>
                {
                    venue.Engines[instrument].CancelAll(BinanceSimulatorCore.AccountId, venue.Now);
                    return true;
                }).ConfigureAwait(false);
            }
        }
        catch (ObjectDisposedException)
        {
            // The server stopped under the check.
        }
        finally
        {
            Volatile.Write(ref _checking, 0);
        }
    }

    private static Task RefuseAsync(HttpContext context, int code, string message) =>
        BinanceRestEndpoint.AnswerAsync(context, StatusCodes.Status400BadRequest, BinanceMessageWriter.RestError(code, message));
}
