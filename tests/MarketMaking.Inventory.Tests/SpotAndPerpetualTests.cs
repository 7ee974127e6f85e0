using System.Text.Json;
using MarketMaking.Models;
using MarketMaking.Testing;

namespace MarketMaking.Inventory.Tests;

/// <summary>
/// Inventory across a spot position and a perpetual position in the same base asset, with a funding payment, against
/// the hand-computed fixture tests/fixtures/inventory/spot-and-perpetual-funding.json.
/// </summary>
public sealed class SpotAndPerpetualTests
{
    private static readonly JsonElement s_fixture = JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("inventory/spot-and-perpetual-funding.json"))).RootElement;
    private static readonly AssetId s_btc = AssetId.Create("BTC");
    private static readonly AssetId s_usdt = AssetId.Create("USDT");

    [Test]
    public async Task ASpotLongAndAPerpetualShort_NetToOneExposure_AndTheFundingReceivedIsInThePerpetualsPnlAndTheTotal()
    {
        var (spot, perpetual) = (Leg("spot"), Leg("perpetual"));
        await using var engine = new EngineHarness();
        engine.AddVenue(spot.Venue, InstrumentSpec.FromPrecision(spot.Instrument, 2, 8));
        engine.AddVenue(perpetual.Venue, InstrumentSpec.FromPrecision(perpetual.Instrument, 1, 3));
        using var inventory = new InventoryManager(engine.Oms, null, new PositionLimits(), engine.Books, engine.Clock, engine.Loop.Sink);
        inventory.Track(perpetual.Instrument, new AssetPair(s_btc, s_usdt));
        engine.AddHandler(inventory);
        engine.Start();

        foreach (var leg in new[] { spot, perpetual })
        {
            var order = await engine.SubmitAsync(new OrderIntent(leg.Venue, leg.Instrument, leg.Side, OrderType.Limit, new Quantity(leg.Quantity)) { LimitPrice = new Price(leg.Price), Strategy = "test" });
            await engine.PostAsync(new FillEvent(leg.Venue, leg.Instrument, order.VenueOrderId!.Value, TradeId.Create($"t-{leg.Venue}"), leg.Side, new Price(leg.Price), new Quantity(leg.Quantity), 1, 1)
            {
                ClientOrderId = order.ClientOrderId,
                Fee = leg.Fee,
                FeeAsset = s_usdt,
            });
        }

        var funding = s_fixture.GetProperty("funding");
        await engine.PostAsync(new FundingPayment(perpetual.Venue, perpetual.Instrument, Number(funding, "amount"), s_usdt, 2, 2) { Rate = Number(funding, "rate"), MarkPrice = Number(funding, "markPrice") });
        var mids = s_fixture.GetProperty("mids");
        await engine.PostTouchAsync(spot.Venue, spot.Instrument, Number(mids, "spot") - 0.01m, Number(mids, "spot") + 0.01m);
        await engine.PostTouchAsync(perpetual.Venue, perpetual.Instrument, Number(mids, "perpetual") - 0.1m, Number(mids, "perpetual") + 0.1m);

        var expected = s_fixture.GetProperty("expected");
        var (spotPosition, perpetualPosition) = inventory.Read(i => (i.Get(spot.Venue, spot.Instrument)!, i.Get(perpetual.Venue, perpetual.Instrument)!));
        var (net, realized, total) = inventory.Read(i => (i.NetPosition(s_btc), i.RealizedPnl, i.TotalPnl));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(net, Is.EqualTo(Number(expected, "netPosition")), "0.5 long spot, 0.4 short perpetual");
            foreach (var (name, position) in new[] { ("spot", spotPosition), ("perpetual", perpetualPosition) })
            {
                var leg = expected.GetProperty(name);
                Assert.That(
                    (position.UnrealizedPnl, position.FeesPaid, position.Funding, position.NetPnl),
                    Is.EqualTo((Number(leg, "unrealized"), Number(leg, "fees"), Number(leg, "funding"), Number(leg, "net"))),
                    $"{name}: {leg.GetProperty("working").GetString()}");
            }

            Assert.That(realized, Is.EqualTo(Number(expected, "realizedPnl")), expected.GetProperty("realizedWorking").GetString());
            Assert.That(total, Is.EqualTo(Number(expected, "totalPnl")), expected.GetProperty("totalWorking").GetString());
        }
    }

    [Test]
    public async Task FundingRestoredFromTheJournal_IsThePerpetualsAgain_BeforeAnythingTrades()
    {
        var perpetual = Leg("perpetual");
        var amount = Number(s_fixture.GetProperty("funding"), "amount");
        await using var engine = new EngineHarness();
        engine.AddVenue(perpetual.Venue, InstrumentSpec.FromPrecision(perpetual.Instrument, 1, 3));
        using var inventory = new InventoryManager(engine.Oms, null, new PositionLimits(), engine.Books, engine.Clock, engine.Loop.Sink);
        inventory.Track(perpetual.Instrument, new AssetPair(s_btc, s_usdt));
        inventory.RestoreFunding([new FundingPayment(perpetual.Venue, perpetual.Instrument, amount, s_usdt, 1, 1)]);
        engine.AddHandler(inventory);
        engine.Start();

        var (funding, realized) = inventory.Read(i => (i.Get(perpetual.Venue, perpetual.Instrument)!.Funding, i.RealizedPnl));

        Assert.That((funding, realized), Is.EqualTo((amount, amount)), "the funding received, realized cash");
    }

    [Test]
    public async Task TheVenuesPositionReport_GivesTheLiquidationPriceAndTheVenuesQuantity_OnlyForAPerpetualWeTrade()
    {
        var perpetual = Leg("perpetual");
        await using var engine = new EngineHarness();
        engine.AddVenue(perpetual.Venue, InstrumentSpec.FromPrecision(perpetual.Instrument, 1, 3));
        using var inventory = new InventoryManager(engine.Oms, null, new PositionLimits(), engine.Books, engine.Clock, engine.Loop.Sink);
        inventory.Track(perpetual.Instrument, new AssetPair(s_btc, s_usdt));
        engine.AddHandler(inventory);
        engine.Start();
        var elsewhere = InstrumentId.Create("ETHUSDT");

        await engine.PostAsync(new PositionUpdate(perpetual.Venue, perpetual.Instrument, -0.4m, 3, 3) { EntryPrice = 61_000m, LiquidationPrice = 67_100m });
        await engine.PostAsync(new PositionUpdate(perpetual.Venue, elsewhere, 2m, 4, 4) { LiquidationPrice = 1_000m });
        var (quantity, venueQuantity, liquidation, ofPortfolio, other) = inventory.Read(i =>
        {
            var position = i.Get(perpetual.Venue, perpetual.Instrument)!;
            return (position.Quantity, position.VenueQuantity, position.LiquidationPrice, ((IPortfolio)i).LiquidationPriceOf(perpetual.Venue, perpetual.Instrument), i.Get(perpetual.Venue, elsewhere));
        });
        await engine.PostAsync(new PositionUpdate(perpetual.Venue, perpetual.Instrument, 0m, 5, 5) { LiquidationPrice = 67_100m });
        var flat = inventory.Read(i => ((IPortfolio)i).LiquidationPriceOf(perpetual.Venue, perpetual.Instrument));

        using (Assert.EnterMultipleScope())
        {
            Assert.That((quantity, venueQuantity), Is.EqualTo((0m, (decimal?)-0.4m)), "our fills count none of it; the venue's word is kept beside them");
            Assert.That((liquidation, ofPortfolio), Is.EqualTo(((decimal?)67_100m, (decimal?)67_100m)));
            Assert.That(other, Is.Null, "a symbol we do not quote is not tracked");
            Assert.That(flat, Is.Null, "a flat position has no liquidation price");
        }
    }

    private static (VenueId Venue, InstrumentId Instrument, Side Side, decimal Price, decimal Quantity, decimal Fee) Leg(string name)
    {
        var leg = s_fixture.GetProperty(name);
        return (VenueId.Create(leg.GetProperty("venue").GetString()!), InstrumentId.Create(leg.GetProperty("instrument").GetString()!),
            leg.GetProperty("side").GetString() == "buy" ? Side.Buy : Side.Sell, Number(leg, "price"), Number(leg, "quantity"), Number(leg, "fee"));
    }

    private static decimal Number(JsonElement element, string name) => element.GetProperty(name).GetDecimal();
}
