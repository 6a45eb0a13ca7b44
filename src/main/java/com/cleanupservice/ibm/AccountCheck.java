package com.cleanupservice.ibm;

import com.ibm.cloud.sdk.core.security.Authenticator;
import com.ibm.cloud.sdk.core.security.TokenRequestBasedAuthenticatorImmutable;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * An account's authenticator (sdk-core's, with its own IAM token cache) that, for each token it mints, checks the
 * token belongs to the account's configured IBM account id before any call carries it — aws-nuke's account check, done
 * by the service. A token of another account refuses every call of the account ({@link Mismatch}, not retried: the
 * credential is wrong until a person changes it). An account configured without an id is not checked.
 */
final class AccountCheck implements Authenticator {
    private static final Logger LOG = LoggerFactory.getLogger(AccountCheck.class);

    private final Account account;
    private final TokenRequestBasedAuthenticatorImmutable<?, ?> delegate;
    /** Whether a token naming no account is refused (IBM's always name theirs) or only warned about (a simulator's). */
    private final boolean strict;
    private volatile String checkedToken;
    private volatile boolean warnedUnreadable;

    AccountCheck(Account account, TokenRequestBasedAuthenticatorImmutable<?, ?> delegate, boolean strict) {
        this.account = account;
        this.delegate = delegate;
        this.strict = strict;
    }

    /** A credential that belongs to another account than the one it is configured for. */
    static final class Mismatch extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        Mismatch(String message) {
            super(message);
        }
    }

    /** Gets the account's token (minting one when none is cached) and checks it; throws {@link Mismatch} when it is another account's. */
    void verify() {
        String token = delegate.getToken();
        if (account.id() == null || token.equals(checkedToken)) {
            return;
        }
        Optional<String> owner = TokenAccount.of(token);
        if (owner.isEmpty()) {
            if (strict) {
                throw new Mismatch("account " + account.name() + ": its IAM token names no account (not a JWT with account.bss), "
                        + "so it cannot be checked to belong to " + account.id());
            }
            if (!warnedUnreadable) {
                warnedUnreadable = true;
                LOG.warn("account {}: its IAM token names no account (a simulator's?): the account check is off for it", account.name());
            }
        } else if (!owner.get().equals(account.id())) {
            throw new Mismatch("account " + account.name() + ": the API key belongs to account " + owner.get()
                    + ", not the configured " + account.id());
        }
        checkedToken = token;
    }

    @Override
    public void authenticate(Request.Builder builder) {
        verify();
        delegate.authenticate(builder);
    }

    @Override
    public void validate() {
        delegate.validate();
    }

    @Override
    public String authenticationType() {
        return delegate.authenticationType();
    }

    @Override
    public String toString() {
        return "AccountCheck[" + account.name() + "]";
    }
}
