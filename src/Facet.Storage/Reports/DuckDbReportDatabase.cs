using System.Data.Common;
using DuckDB.NET.Data;

namespace Facet.Storage.Reports;

/// <summary>
/// Report queries on a DuckDB file. DuckDB.NET shares one database instance per file within a process while any
/// connection to it is open, so an anchor connection stays open and per-query connections are cheap. The first
/// connection in a process fixes the mode: in a process that also writes the file (facet demo), open the writer
/// first or pass readOnly: false. Another process that writes the file holds DuckDB's lock: docs/reports.md.
/// </summary>
internal sealed class DuckDbReportDatabase : ReportDatabase
{
    private readonly string _connectionString;
    private readonly string _path;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DuckDBConnection? _anchor;

    public DuckDbReportDatabase(string path, bool readOnly)
    {
        _path = path;
        var builder = new DuckDBConnectionStringBuilder { DataSource = path };
        if (readOnly)
        {
            builder["ACCESS_MODE"] = "READ_ONLY";
        }

        _connectionString = builder.ConnectionString;
    }

    public override string Dialect => "DuckDb";

    public override char ParameterPrefix => '$';

    public override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_anchor is null)
        {
            await _gate.WaitAsync(cancellationToken);
            try
            {
                _anchor ??= await OpenNewAsync(cancellationToken);
            }
            finally
            {
                _gate.Release();
            }
        }

        return await OpenNewAsync(cancellationToken);
    }

    private async Task<DuckDBConnection> OpenNewAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(_path))
        {
            throw new ReportWarehouseException($"no DuckDB warehouse at '{_path}': load events into it first (facet demo, or a processor with --warehouse duckdb:{_path})");
        }

        var connection = new DuckDBConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch (DuckDBException ex) when (ex.Message.Contains("lock", StringComparison.OrdinalIgnoreCase))
        {
            await connection.DisposeAsync();
            throw new ReportWarehouseException(
                $"the DuckDB warehouse '{_path}' is locked by another process that writes it ({FirstLine(ex.Message)}): DuckDB allows one writing process, so run the dashboard inside that process (facet demo) or use a PostgreSQL warehouse");
        }
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOf('\n', StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).Trim();
    }

    public override DbParameter CreateParameter(string name, object? value) => new DuckDBParameter(name, value ?? DBNull.Value);

    // A DateTimeOffset binds as TIMESTAMP WITH TIME ZONE, whatever the session's TimeZone setting is.
    public override object Timestamp(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    public override async ValueTask DisposeAsync()
    {
        if (_anchor is not null)
        {
            await _anchor.DisposeAsync();
        }

        _gate.Dispose();
    }
}
