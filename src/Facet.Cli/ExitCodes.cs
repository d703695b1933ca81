namespace Facet.Cli;

/// <summary>What <c>facet</c>'s exit codes mean.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The work failed (a broker, the warehouse, a file being written).</summary>
    public const int Failure = 1;

    /// <summary>Bad usage or input named by the user: a flag, a config value, a missing file.</summary>
    public const int Usage = 2;
}
