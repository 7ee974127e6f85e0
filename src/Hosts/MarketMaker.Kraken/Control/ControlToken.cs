using System.Security.Cryptography;
using System.Text;

namespace MarketMaker.Kraken.Control;

/// <summary>
/// The operator's token for the control endpoint: 32 random bytes in hex, made anew at every start and written to
/// <c>control.token</c> in the state directory, readable by the user who runs the host only (mode 0600). Whoever can
/// read that file is the operator; anyone else gets 401.
/// </summary>
internal sealed class ControlToken
{
    /// <summary>The token file's name in the state directory.</summary>
    public const string FileName = "control.token";

    private readonly byte[] _token;

    private ControlToken(string token, string path)
    {
        _token = Encoding.ASCII.GetBytes(token);
        Path = path;
    }

    /// <summary>Gets the token file.</summary>
    public string Path { get; }

    /// <summary>Makes a token and writes it, owner-only, to the state directory.</summary>
    /// <param name="stateDirectory">The state directory (created if missing).</param>
    /// <returns>The token.</returns>
    /// <exception cref="IOException">The file cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be written.</exception>
    public static ControlToken Create(string stateDirectory)
    {
        Directory.CreateDirectory(stateDirectory);
        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(stateDirectory, FileName));
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new StreamWriter(path, Encoding.ASCII, options))
        {
            file.Write(token);
        }

        return new ControlToken(token, path);
    }

    /// <summary>Checks a request's <c>Authorization: Bearer …</c> header in constant time.</summary>
    /// <param name="authorization">The header's value, or <see langword="null"/>.</param>
    /// <returns>Whether it carries the token.</returns>
    public bool Admits(string? authorization)
    {
        const string Scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.Ordinal))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(authorization[Scheme.Length..].Trim()), _token);
    }
}
