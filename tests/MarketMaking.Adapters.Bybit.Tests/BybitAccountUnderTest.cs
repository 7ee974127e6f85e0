using MarketMaking.Models;
using MarketMaking.Simulation.BybitProtocol;
using MarketMaking.Testing;

namespace MarketMaking.Adapters.Bybit.Tests;

/// <summary>
/// The Bybit-protocol simulator serving BTCUSDT in one category, with the adapter's order-entry client and its private
/// stream started on it, the stream's events collected: what the account tests trade through and read back.
/// </summary>
internal sealed class BybitAccountUnderTest : IAsyncDisposable
{
    private BybitAccountUnderTest(BybitSimulatorServer server, BybitOrderEntryClient orders, BybitPrivateStreamClient stream, CollectingSink events)
    {
        Server = server;
        Orders = orders;
        Stream = stream;
        Events = events;
    }

    /// <summary>Gets the simulator.</summary>
    public BybitSimulatorServer Server { get; }

    /// <summary>Gets the order-entry client (REST).</summary>
    public BybitOrderEntryClient Orders { get; }

    /// <summary>Gets the private stream.</summary>
    public BybitPrivateStreamClient Stream { get; }

    /// <summary>Gets what the private stream posted.</summary>
    public CollectingSink Events { get; }

    /// <summary>Starts the simulator and the clients, the private stream subscribed.</summary>
    /// <param name="category">Spot or linear.</param>
    /// <param name="key">The API key the simulator accepts.</param>
    /// <param name="secret">Its secret.</param>
    /// <returns>The account, ready to trade.</returns>
    public static async Task<BybitAccountUnderTest> StartAsync(BybitCategory category, string key, string secret)
    {
        var server = await BybitSimulatorSetup.StartBtcUsdtAsync(new BybitSimulatorOptions { Category = category, ApiKey = key, ApiSecret = secret });
        var options = new BybitTradingOptions { Category = category, RestBaseUrl = server.RestBaseUrl, PrivateWebSocketUrl = server.PrivateWebSocketUrl, ApiKey = key, ApiSecret = secret };
        var events = new CollectingSink();
        var account = new BybitAccountUnderTest(server, new BybitOrderEntryClient(options, TimeProvider.System), new BybitPrivateStreamClient(options, events, TimeProvider.System), events);
        await account.Stream.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return account;
    }

    /// <summary>Reads the simulated venue's best bid and ask on BTCUSDT.</summary>
    /// <returns>The prices, in USDT.</returns>
    public Task<(decimal Bid, decimal Ask)> TouchAsync() => Server.ReadAsync(venue =>
    {
        var book = venue.Engines[BybitSimulatorSetup.BtcUsdt].Book;
        return (book.Spec.FromTicks(book.GetBid(0).PriceTicks).Value, book.Spec.FromTicks(book.GetAsk(0).PriceTicks).Value);
    });

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        // In the tests' own order: the stream, the order client, then the simulator.
        await Stream.DisposeAsync();
        Orders.Dispose();
        await Server.DisposeAsync();
    }
}
