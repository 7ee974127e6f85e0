using System.Text;
using System.Text.Json;
using MarketMaking.Models;
using MarketMaking.Testing;

namespace MarketMaking.Adapters.Mexc.Tests;

/// <summary>The Spot REST fixtures into the typed model: instrument rules from exchangeInfo, error bodies to kinds.</summary>
public sealed class MexcRestReadersTests
{
    private static byte[] Fixture(string name) => File.ReadAllBytes(RepoPaths.Fixture($"mexc/spot/rest/{name}"));

    [Test]
    public void ExchangeInfo_BtcUsdt_TickFromQuotePrecision_LotFromBasePrecision_MinimumsFromTheSizeAndAmountFields()
    {
        var symbol = MexcExchangeInfoReader.Read(Fixture("exchangeInfo-BTCUSDT.json")).Single();

        Assert.Multiple(() =>
        {
            Assert.That(symbol.Spec.Instrument, Is.EqualTo(InstrumentId.Create("BTCUSDT")));
            Assert.That(symbol.Spec.TickSize, Is.EqualTo(new Price(0.01m)), "quotePrecision 2");
            Assert.That(symbol.Spec.LotSize, Is.EqualTo(new Quantity(0.00000001m)), "baseAssetPrecision 8");
            Assert.That(symbol.Spec.MinQuantity, Is.EqualTo(new Quantity(0.000001m)), "baseSizePrecision is the minimum quantity");
            Assert.That(symbol.Spec.MinNotional, Is.EqualTo(1m), "quoteAmountPrecision: 1 USDT");
            Assert.That(symbol.BaseAsset, Is.EqualTo(AssetId.Create("BTC")));
            Assert.That(symbol.QuoteAsset, Is.EqualTo(AssetId.Create("USDT")));
            Assert.That(symbol.IsTradable, Is.True, "status \"1\" and spot trading allowed");
            Assert.That(symbol.OrderTypes, Is.EqualTo(new[] { "LIMIT", "MARKET", "LIMIT_MAKER" }));
            Assert.That(symbol.MaxNotional, Is.EqualTo(4_000_000m));
        });
    }

    [Test]
    public void ExchangeInfo_OlderAndEdgeCaseShapes_AreRead()
    {
        var docs = MexcExchangeInfoReader.ReadOne(Fixture("exchangeInfo-docs-entry.json"));
        var problems = new List<string>();
        var jkorf = MexcExchangeInfoReader.Read(Fixture("exchangeInfo-jkorf-testdata.json"), problems);

        Assert.Multiple(() =>
        {
            Assert.That(docs.Spec.TickSize, Is.EqualTo(new Price(0.001m)), "quotePrecision 3");
            Assert.That(docs.Sides, Is.EqualTo(1), "tradeSideType as a string");
            Assert.That(docs.IsTradable, Is.False, "status ENABLED but isSpotTradingAllowed false");
            Assert.That(problems, Is.Empty, string.Join("; ", problems));
            Assert.That(jkorf, Has.Count.EqualTo(5));
            Assert.That(jkorf.Any(s => !s.IsTradable), Is.True, "isSpotTradingAllowed false on an ENABLED symbol is not tradable");
            Assert.That(jkorf.Any(s => s.Spec.MinQuantity == s.Spec.LotSize), Is.True, "baseSizePrecision \"0\": no minimum beyond a lot");
        });
    }

    [Test]
    public void Errors_MapByCode_WhateverTheLanguageOfTheMessage()
    {
        using var document = JsonDocument.Parse(Fixture("errors.json"));
        var kinds = document.RootElement.EnumerateArray().ToDictionary(
            e => e.GetProperty("name").GetString()!,
            e => MexcErrors.Read(Encoding.UTF8.GetBytes(e.GetProperty("payload").GetRawText()), e.GetProperty("http_status").ValueKind == JsonValueKind.Number ? e.GetProperty("http_status").GetInt32() : null));

        Assert.Multiple(() =>
        {
            Assert.That(kinds["timestamp outside recvWindow"]!.Kind, Is.EqualTo(VenueErrorKind.InvalidNonce));
            Assert.That(kinds["bad symbol"]!.Kind, Is.EqualTo(VenueErrorKind.UnknownInstrument));
            Assert.That(kinds["insufficient balance (Chinese msg)"]!.Kind, Is.EqualTo(VenueErrorKind.InsufficientFunds));
            Assert.That(kinds["insufficient balance (Chinese msg)"]!.Message, Is.EqualTo("资金不足"));
            Assert.That(kinds["pair user ban trade apikey"]!.Kind, Is.EqualTo(VenueErrorKind.PermissionDenied));
            Assert.That(kinds["market order disabled for account (Chinese msg)"]!.Kind, Is.EqualTo(VenueErrorKind.PermissionDenied));
            Assert.That(kinds["batch item failure (inside a 200 array)"]!.Kind, Is.EqualTo(VenueErrorKind.InvalidQuantity));
            Assert.That(kinds["rate limited"]!.Kind, Is.EqualTo(VenueErrorKind.RateLimited));
            Assert.That(kinds["rate limited"]!.IsTransient, Is.True);
            Assert.That(kinds["maintenance"]!.Kind, Is.EqualTo(VenueErrorKind.ServiceUnavailable));
            Assert.That(kinds["maintenance"]!.Message, Does.Contain("Under maintenance"), "a maintenance body says message, not msg");
            Assert.That(kinds["maintenance"]!.VenueCode, Is.EqualTo("MEXC 500"));
            Assert.That(MexcErrors.Read("{\"code\":200,\"msg\":\"success\"}"u8), Is.Null, "code 200 is a success");
        });
    }
}
