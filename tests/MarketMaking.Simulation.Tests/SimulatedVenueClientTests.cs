using MarketMaking.Adapters;
using MarketMaking.Models;
using MarketMaking.Simulation.Venue;

namespace MarketMaking.Simulation.Tests;

/// <summary>The in-process simulated venue's client: what it posts to the loop carries the venue and names it serves.</summary>
public sealed class SimulatedVenueClientTests
{
    [Test]
    public async Task RecordedTrades_ArePostedAsTheServedVenuesAndInstruments_NotTheRecordingsOwn()
    {
        var (binance, kraken) = (VenueId.Create("binance"), VenueId.Create("kraken"));
        var (recorded, served) = (InstrumentId.Create("BTCUSDT"), InstrumentId.Create("BTC/USDT"));
        var level = new BookLevel(new Price(100m), new Quantity(1m));
        MarketDataEvent[] recording =
        [
            new BookSnapshot(binance, recorded, [level], [new BookLevel(new Price(101m), new Quantity(1m))], 1, 1) { LastUpdateId = 1 },
            new Trade(binance, recorded, new Price(101m), new Quantity(0.5m), Side.Buy, TradeId.Create("t-1"), 2, 2),
        ];
        var sink = new ChannelVenueEventSink();
        using var client = new SimulatedVenueClient(
            kraken,
            new SimulatedVenueOptions(),
            [new SimulatedInstrument(recorded, InstrumentSpec.FromPrecision(served, 2, 8), AssetId.Create("BTC"), AssetId.Create("USDT"), book => new Matching.DirectBookSynchronizer(book))],
            recording,
            new Dictionary<AssetId, decimal>(),
            sink);

        await client.ReplayUntilAsync(10);

        var posted = new List<VenueEvent>();
        while (sink.Reader.TryRead(out var venueEvent))
        {
            posted.Add(venueEvent);
        }

        var trade = posted.OfType<Trade>().Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That((trade.Venue, trade.Instrument), Is.EqualTo((kraken, served)), "a strategy quoting kraken's BTC/USDT sees it");
            Assert.That(posted.OfType<BookSnapshot>().Select(s => (s.Venue, s.Instrument)), Has.All.EqualTo((kraken, served)));
        }
    }
}
