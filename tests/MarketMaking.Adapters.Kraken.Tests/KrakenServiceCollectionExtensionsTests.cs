using MarketMaking.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MarketMaking.Adapters.Kraken.Tests;

public sealed class KrakenServiceCollectionExtensionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddKrakenSpot(configuration).BuildServiceProvider();
    }

    [Test]
    public void AddKrakenSpot_EnvironmentCredentials_FillTheOptionsAndTheKeyedRestClient()
    {
        var secret = Convert.ToBase64String(new byte[64]);
        using var provider = Build(new() { ["KRAKEN_API_KEY"] = "key", ["KRAKEN_API_SECRET"] = secret, ["Kraken:Tier"] = "Pro" });

        var options = provider.GetRequiredService<IOptions<KrakenOptions>>().Value;
        var rest = provider.GetRequiredKeyedService<ISpotRest>("kraken");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(options.HasCredentials, Is.True);
            Assert.That(options.Tier, Is.EqualTo(KrakenTier.Pro));
            Assert.That(rest, Is.SameAs(provider.GetRequiredService<KrakenSpotRestClient>()));
            Assert.That(((KrakenSpotRestClient)rest).TradingCounters.Threshold, Is.EqualTo(180));
        }
    }

    [Test]
    public async Task AddKrakenSpot_WithAnEventSink_GivesAKeyedWebSocketClientSharingTheRestClientsTradingCounters()
    {
        var secret = Convert.ToBase64String(new byte[64]);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["KRAKEN_API_KEY"] = "key", ["KRAKEN_API_SECRET"] = secret }).Build();
        await using var provider = new ServiceCollection().AddLogging().AddSingleton<IVenueEventSink>(new ChannelVenueEventSink()).AddKrakenSpot(configuration).BuildServiceProvider();

        var ws = provider.GetRequiredKeyedService<ISpotWs>("kraken");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ws, Is.SameAs(provider.GetRequiredService<KrakenSpotWsClient>()));
            Assert.That(((KrakenSpotWsClient)ws).Admission, Is.SameAs(provider.GetRequiredService<KrakenSpotRestClient>().Admission), "one trading counter per API key");
            Assert.That(ws.PublicState, Is.EqualTo(ConnectionState.Disconnected), "nothing opened before StartAsync");
        }
    }

    [Test]
    public void AddKrakenSpot_BadSettings_FailAtStartListingEveryProblem()
    {
        using var provider = Build(new()
        {
            ["Kraken:RestBaseUrl"] = "http://api.example.com",
            ["KRAKEN_API_KEY"] = "key-without-secret",
        });

        Assert.That(
            () => provider.GetRequiredService<IStartupValidator>().Validate(),
            Throws.TypeOf<OptionsValidationException>()
                .With.Message.Contains("plain http://")
                .And.Message.Contains("set both ApiKey and ApiSecret")
                .And.Message.Not.Contains("key-without-secret"));
    }
}
