using System.Data.Common;
using Npgsql;

namespace Facet.Storage.Reports;

/// <summary>Report queries on PostgreSQL: pooled connections from one data source; SELECT rights are enough.</summary>
internal sealed class PostgresReportDatabase(NpgsqlDataSource dataSource, bool ownsDataSource) : ReportDatabase
{
    public override string Dialect => "Postgres";

    public override char ParameterPrefix => '@';

    public override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenConnectionAsync(cancellationToken);

    public override DbParameter CreateParameter(string name, object? value) => new NpgsqlParameter(name, value ?? DBNull.Value);

    public override object Timestamp(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc);

    public override async ValueTask<DbTransaction?> BeginSerialReadAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = ReportSqlText.Get(Dialect, ParameterPrefix, "serial_read", 0);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (ownsDataSource)
        {
            await dataSource.DisposeAsync();
        }
    }
}
