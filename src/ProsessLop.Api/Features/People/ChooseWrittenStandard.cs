using Mediator;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Language;
using ProsessLop.Api.Infrastructure.Persistence;

namespace ProsessLop.Api.Features.People;

/// A person's own choice of written standard, saved with them: it wins over their participant's
/// decision and their browser, on every device they sign in on, and for the mails they receive.
/// Someone who is no person here (not signed in, a demo sign-in) keeps the choice in a cookie only.
public sealed record ChooseWrittenStandard(WrittenStandard Standard) : ICommand<bool>;

public sealed class ChooseWrittenStandardHandler(ProsessDb db, ICurrentUser user) : ICommandHandler<ChooseWrittenStandard, bool>
{
    public async ValueTask<bool> Handle(ChooseWrittenStandard command, CancellationToken ct)
    {
        var saved = await db.People.Where(p => p.Id == user.Id)
            .ExecuteUpdateAsync(p => p.SetProperty(x => x.WrittenStandard, command.Standard), ct);
        return saved == 1;
    }
}
