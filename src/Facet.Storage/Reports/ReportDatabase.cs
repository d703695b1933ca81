using System.Data.Common;

namespace Facet.Storage.Reports;

/// <summary>How the report queries reach one warehouse dialect: connections, parameter syntax and timestamp binding.</summary>
internal abstract class ReportDatabase : IAsyncDisposable
{
    /// <summary>Folder of the dialect's SQL under Sql/Reports.</summary>
    public abstract string Dialect { get; }

    /// <summary>Named-parameter prefix in that dialect's SQL.</summary>
    public abstract char ParameterPrefix { get; }

    public abstract ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);

    public abstract DbParameter CreateParameter(string name, object? value);

    /// <summary>The parameter value for a UTC instant compared with a timestamptz column.</summary>
    public abstract object Timestamp(DateTime utc);

    /// <summary>
    /// Begins the transaction a latency-bound read of one or two days of an index runs in, when the dialect needs one to
    /// plan it well (PostgreSQL: Sql/Reports/Postgres/serial_read.sql); null when it needs none. Dispose it after the read.
    /// </summary>
    public virtual ValueTask<DbTransaction?> BeginSerialReadAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction?>(null);

    public abstract ValueTask DisposeAsync();
}
