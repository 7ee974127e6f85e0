using System.Xml.Linq;
using MarketMaking.Testing;

namespace MarketMaking.Models.Tests;

/// <summary>
/// The project references of src/ point the way docs/architecture.md draws them: Models ← Adapters, Oms, Risk,
/// Inventory ← Strategies ← Simulation ← Hosts, venue adapters on the venue-neutral seams, venue-specific simulation on
/// the venue-neutral simulation. Read from the project files themselves.
/// </summary>
public sealed class DependencyDirectionTests
{
    /// <summary>What each library may reference (its own layer's seams and below).</summary>
    private static readonly Dictionary<string, string[]> s_allowed = new(StringComparer.Ordinal)
    {
        ["MarketMaking.Models"] = [],
        ["MarketMaking.Adapters"] = ["MarketMaking.Models"],
        ["MarketMaking.Adapters.Kraken"] = ["MarketMaking.Adapters", "MarketMaking.Models"],
        ["MarketMaking.Adapters.Mexc"] = ["MarketMaking.Adapters", "MarketMaking.Models"],
        ["MarketMaking.Adapters.Binance"] = ["MarketMaking.Adapters", "MarketMaking.Models"],
        ["MarketMaking.Adapters.Bybit"] = ["MarketMaking.Adapters", "MarketMaking.Models"],
        ["MarketMaking.Oms"] = ["MarketMaking.Models"],
        ["MarketMaking.Risk"] = ["MarketMaking.Models"],
        ["MarketMaking.Inventory"] = ["MarketMaking.Models"],
        ["MarketMaking.Strategies"] = ["MarketMaking.Oms", "MarketMaking.Risk", "MarketMaking.Inventory", "MarketMaking.Models"],
        ["MarketMaking.Simulation"] = ["MarketMaking.Strategies", "MarketMaking.Oms", "MarketMaking.Risk", "MarketMaking.Inventory", "MarketMaking.Adapters", "MarketMaking.Models"],
        ["MarketMaking.Simulation.Kraken"] = ["MarketMaking.Simulation", "MarketMaking.Adapters.Kraken", "MarketMaking.Adapters", "MarketMaking.Models"],
        ["MarketMaking.Simulation.Binance"] = ["MarketMaking.Simulation", "MarketMaking.Adapters.Binance", "MarketMaking.Adapters", "MarketMaking.Models"],
        ["MarketMaking.Simulation.Mexc"] = ["MarketMaking.Simulation", "MarketMaking.Adapters.Mexc", "MarketMaking.Adapters", "MarketMaking.Models"],
        ["MarketMaking.Simulation.Bybit"] = ["MarketMaking.Simulation", "MarketMaking.Adapters.Bybit", "MarketMaking.Adapters", "MarketMaking.Models"],
    };

    [Test]
    public void EveryLibrarysProjectReferences_PointTheWayTheArchitectureDrawsThem()
    {
        var projects = Directory.GetFiles(Path.Combine(RepoPaths.RepositoryRoot, "src"), "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}Hosts{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToArray();
        var against = new List<string>();
        foreach (var project in projects)
        {
            var name = Path.GetFileNameWithoutExtension(project);
            Assert.That(s_allowed.ContainsKey(name), Is.True, $"{name} has no place in the layering: add it to docs/architecture.md and to this test");
            foreach (var reference in XDocument.Load(project).Descendants("ProjectReference").Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value)))
            {
                if (!s_allowed[name].Contains(reference))
                {
                    against.Add($"{name} -> {reference}");
                }
            }
        }

        Assert.That(projects, Has.Length.EqualTo(s_allowed.Count), "every library in src/ outside the hosts is checked");
        Assert.That(against, Is.Empty, "references against the design");
    }
}
