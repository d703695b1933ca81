using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Facet.SchemaRegistry;

/// <summary>
/// Checks the registry token on every request: <c>Authorization: Bearer TOKEN</c>, or basic auth whose password is
/// the token (Confluent clients' basic.auth.user.info; the user name is not checked). Comparisons take constant time.
/// </summary>
internal sealed class RegistryAuth(string token)
{
    private readonly byte[] _token = Encoding.UTF8.GetBytes(token);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (Matches(Presented(context.Request.Headers.Authorization.ToString())))
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Basic realm=\"facet-schema-registry\"";
        context.Response.ContentType = SchemaRegistryApp.ContentType;
        await context.Response.WriteAsync("{\"error_code\":40101,\"message\":\"missing or wrong registry token: send 'Authorization: Bearer TOKEN' or basic auth with the token as password\"}");
    }

    private static string? Presented(string header)
    {
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var userInfo = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : userInfo[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private bool Matches(string? candidate) =>
        !string.IsNullOrEmpty(candidate) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), _token);
}
