using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Facet.Dashboard;

/// <summary>
/// Checks the dashboard token on every request (API, SSE, metrics and the page): <c>Authorization: Bearer TOKEN</c>
/// for scripts, or an HttpOnly SameSite=Strict cookie for browsers, set when the page is opened with
/// <c>?token=TOKEN</c> (EventSource cannot send headers; the cookie travels with it). Comparisons take constant time.
/// </summary>
internal sealed class TokenAuth(string token)
{
    public const string CookieName = "facet_token";

    private readonly byte[] _token = Encoding.UTF8.GetBytes(token);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (Matches(BearerToken(context.Request)) || Matches(context.Request.Cookies[CookieName]))
        {
            await next(context);
            return;
        }

        if (Matches(context.Request.Query["token"].ToString()))
        {
            context.Response.Cookies.Append(CookieName, Encoding.UTF8.GetString(_token), new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Path = "/",
            });
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"facet\"";
        await context.Response.WriteAsync("{\"error\":\"missing or wrong dashboard token: send 'Authorization: Bearer TOKEN' or open the page once with ?token=TOKEN\"}");
    }

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    private bool Matches(string? candidate) =>
        !string.IsNullOrEmpty(candidate) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), _token);
}
