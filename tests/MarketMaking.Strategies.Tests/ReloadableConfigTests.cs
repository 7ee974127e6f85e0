using Microsoft.Extensions.Configuration;

namespace MarketMaking.Strategies.Tests;

/// <summary>A followed section whose keys are checked first: a reload the check finds fault with is rejected whole.</summary>
public sealed class ReloadableConfigTests
{
    [Test]
    public async Task AWatchWithACheck_RejectsAReloadTheCheckFindsFaultWith_AndAppliesTheNextValidOne()
    {
        var file = Path.Combine(Path.GetTempPath(), $"mm-{Guid.NewGuid():N}.json");
        try
        {
            await File.WriteAllTextAsync(file, """{ "AvellanedaStoikov": { "OrderSize": 0.001 } }""");
            var root = new ConfigurationBuilder().AddJsonFile(file, optional: false, reloadOnChange: false).Build();
            using var config = new ReloadableConfig<AvellanedaStoikovConfig>(new AvellanedaStoikovConfig(), AvellanedaStoikovConfigValidator.Validate);
            var rejections = new List<IReadOnlyList<string>>();
            config.Rejected += rejections.Add;
            config.Watch(
                root.GetSection(AvellanedaStoikovConfig.SectionName),
                s => s.Get<AvellanedaStoikovConfig>() ?? new AvellanedaStoikovConfig(),
                s => [.. s.GetChildren().Where(c => c.Key == "OrderSise").Select(c => $"{c.Path} is not a setting")]);

            // A misspelled key beside a valid change: nothing of it applies.
            await File.WriteAllTextAsync(file, """{ "AvellanedaStoikov": { "OrderSize": 0.002, "OrderSise": 0.5 } }""");
            root.Reload();
            var afterTypo = (config.Version, config.Current.OrderSize);
            await File.WriteAllTextAsync(file, """{ "AvellanedaStoikov": { "OrderSize": 0.002 } }""");
            root.Reload();

            Assert.Multiple(() =>
            {
                Assert.That(afterTypo, Is.EqualTo((0L, 0.001m)), "the reload with the unknown key was not applied, not even its valid part");
                Assert.That(rejections, Has.Count.EqualTo(1));
                Assert.That(rejections[0], Is.EqualTo(new[] { "AvellanedaStoikov:OrderSise is not a setting" }));
                Assert.That(config.Current.OrderSize, Is.EqualTo(0.002m), "the next reload, without it, applied");
            });
        }
        finally
        {
            File.Delete(file);
        }
    }
}
