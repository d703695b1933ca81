using System.Net.Sockets;
using DuckDB.NET.Data;
using DuckDB.NET.Native;
using Npgsql;

namespace Facet.Storage;

/// <summary>
/// The one place that knows which warehouse failures heal by themselves (the server, network, lock or disk comes back:
/// retry) and which need a person (fix and restart), for both backends. Callers outside Storage name no Npgsql or
/// DuckDB type.
/// </summary>
public static class WarehouseErrors
{
    /// <summary>True when retrying the same work later can succeed: connection loss, a server restarting, a lock held by another process, disk I/O, deadlocks.</summary>
    public static bool IsTransient(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg:
                    return IsTransientSqlState(pg.SqlState);
                case DuckDBException duck:
                    return IsTransientDuckDb(duck);
                case NpgsqlException { IsTransient: true }:
                case SocketException:
                case IOException io when !IsDiskFull(io.Message):
                case TimeoutException:
                    return true;
            }
        }

        return false;
    }

    /// <summary>True for a failure of the warehouse itself (any database or connection error), as opposed to a bug or bad input.</summary>
    public static bool IsWarehouseFailure(Exception exception) =>
        exception is WarehouseSchemaException or NpgsqlException or DuckDBException or IOException or TimeoutException or SocketException;

    /// <summary>
    /// True when DuckDB's buffer pool could not take a block (the memory limit is too low for the work): its own type,
    /// or a commit that failed because a block could not be pinned (reported as a transaction error).
    /// </summary>
    public static bool IsDuckDbOutOfMemory(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DuckDBException duck
                && (duck.ErrorType == DuckDBErrorType.OutOfMemory
                    || duck.Message.StartsWith("Out of Memory", StringComparison.Ordinal)
                    || duck.Message.Contains("failed to pin block", StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A whole-transaction conflict with a concurrent writer (deadlock, serialization, a pending batch's ingestion time
    /// taken): the same write retried at once usually passes.
    /// </summary>
    internal static bool IsConcurrencyConflict(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure }
            or Internal.DerivedTimeTakenException;

    // DuckDB: another process holding the file's lock, or an interrupted query, passes; a full disk does not pass by
    // itself (a load would otherwise wait forever instead of exiting 1 with the reason), nor does anything else.
    private static bool IsTransientDuckDb(DuckDBException exception) =>
        exception.ErrorType is DuckDBErrorType.Io or DuckDBErrorType.Interrupt && !IsDiskFull(exception.Message);

    private static bool IsDiskFull(string message) =>
        message.Contains("No space left on device", StringComparison.Ordinal) || message.Contains("Disk quota exceeded", StringComparison.Ordinal);

    private static bool IsTransientSqlState(string state) =>
        state.StartsWith("08", StringComparison.Ordinal) // connection exceptions
        || state.StartsWith("53", StringComparison.Ordinal) // insufficient resources
        || state is "57P01" or "57P02" or "57P03" // admin shutdown (pg_terminate_backend), crash shutdown, cannot connect now
        || state is "40001" or "40P01" // serialization failure, deadlock: the whole batch was rolled back
        || state is "55P03"; // lock not available
}
