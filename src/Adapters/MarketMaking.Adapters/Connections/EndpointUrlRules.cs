namespace MarketMaking.Adapters;

/// <summary>The rule every venue endpoint setting follows: an absolute URL with the secure scheme, plain only for loopback (tests, simulators).</summary>
public static class EndpointUrlRules
{
    /// <summary>Checks one endpoint URL.</summary>
    /// <param name="venue">The venue's display name, which starts the message.</param>
    /// <param name="name">The setting's name.</param>
    /// <param name="url">The URL, or <see langword="null"/>.</param>
    /// <param name="secureScheme">The scheme required off loopback (<c>https</c>, <c>wss</c>).</param>
    /// <param name="plainScheme">The scheme allowed on loopback (<c>http</c>, <c>ws</c>).</param>
    /// <returns>What is wrong, or <see langword="null"/> when the URL is fine.</returns>
    public static string? Check(string venue, string name, Uri? url, string secureScheme, string plainScheme)
    {
        if (url is null || !url.IsAbsoluteUri)
        {
            return $"{venue}: {name} must be an absolute URL";
        }

        if (url.Scheme == plainScheme && !url.IsLoopback)
        {
            return $"{venue}: {name} {url} uses plain {plainScheme}://, allowed only for a loopback host; use {secureScheme}://";
        }

        return url.Scheme != plainScheme && url.Scheme != secureScheme ? $"{venue}: {name} {url} must use {secureScheme}://" : null;
    }
}
