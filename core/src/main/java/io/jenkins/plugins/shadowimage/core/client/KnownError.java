package io.jenkins.plugins.shadowimage.core.client;

import java.util.EnumSet;
import java.util.Set;

/**
 * Every array error the client, the engine and the surfaces react to, once each: the code that identifies it
 * (a KART message id, an SSB1/SSB2 pair or a CCI return code), what it means for this tool ({@link Trait}),
 * and a plain-language explanation with what to do. {@link ErrorCatalogue} finds the entry of an answer;
 * nothing else compares error codes.
 */
public enum KnownError {
    /** KART00001-E: an internal error of the REST server; its {@code solutionType} is RETRY. */
    REST_SERVER_INTERNAL(Code.message("KART00001-E"), EnumSet.noneOf(Trait.class),
            "The REST API server had an internal error.",
            "The request is sent again once the pair has been read back; if it persists, restart the REST server."),
    /** KART00003-E: the REST server is busy (also the answer of a server over its request rate). */
    BUSY(Code.message("KART00003-E"), EnumSet.of(Trait.BUSY),
            "The REST API server is busy; retried for a while.",
            "If it persists, the SVP / REST server is overloaded: run fewer operations at once."),
    /** KART30000-E: the copy layer refused the operation (the SSB codes say why). */
    COPY_REFUSED(Code.message("KART30000-E"), EnumSet.noneOf(Trait.class),
            "The array's copy layer refused the operation: usually the pair is not in a status that "
                    + "allows it (e.g. restore of a pair in PAIR, split during COPY), the S-VOL is in another pair, the "
                    + "LDEV sizes differ or the MU number is in use.",
            "Check the pair with its status command, fix the order of operations or the LDEVs, then run it again."),
    /** KART30013-E: the object does not exist. */
    OBJECT_NOT_FOUND(Code.message("KART30013-E"), EnumSet.of(Trait.NOT_FOUND),
            "The object does not exist.",
            "Check the copy group, pair and device group names (defaults <group>P_ / <group>S_)."),
    /** KART20009-E: the object does not exist (older microcode). */
    RESOURCE_NOT_FOUND(Code.message("KART20009-E"), EnumSet.of(Trait.NOT_FOUND),
            "The object does not exist.",
            "Check the copy group, pair and device group names (defaults <group>P_ / <group>S_)."),
    /** KART40038-E: an attribute of the request is not supported. */
    UNSUPPORTED_ATTRIBUTE(Code.message("KART40038-E"), EnumSet.noneOf(Trait.class),
            "The array does not support an attribute of the request: an option may be too new for "
                    + "this microcode / REST API version.",
            "Leave the option out or update the array's microcode / REST server."),
    /** KART40041-E: the copy group cannot be operated; reads of a group take it as "no such group". */
    GROUP_NOT_OPERABLE(Code.message("KART40041-E"), EnumSet.of(Trait.GROUP_ABSENT),
            "The copy group cannot be operated (for example it has just lost its last pair).",
            "Check the group name; recreate the pair."),
    /** KART40046-E: a required attribute is missing: our bug. */
    ATTRIBUTE_MISSING(Code.message("KART40046-E"), EnumSet.noneOf(Trait.class),
            "A required attribute is missing from the request.",
            "Please report this as a bug with this log."),
    /** KART40047-E: the user name or password was rejected. */
    AUTHENTICATION_FAILED(Code.message("KART40047-E"), EnumSet.of(Trait.AUTHENTICATION),
            "The array rejected the user name or password.",
            "Check the credentials, and that the user is not locked out on the array."),
    /** KART40050-E: a resource-group lock is held by another session. */
    LOCKED_40050(Code.message("KART40050-E"), EnumSet.of(Trait.LOCKED), Texts.LOCKED, Texts.LOCKED_TODO),
    /** KART40051-E: a resource-group lock is held by another session. */
    LOCKED_40051(Code.message("KART40051-E"), EnumSet.of(Trait.LOCKED), Texts.LOCKED, Texts.LOCKED_TODO),
    /** KART40052-E: a resource-group lock is held by another session. */
    LOCKED_40052(Code.message("KART40052-E"), EnumSet.of(Trait.LOCKED), Texts.LOCKED, Texts.LOCKED_TODO),
    /** SSB 2E11/2205 (any message id, KART30000-E in a job): the resource is locked (Cinder's lock detection). */
    LOCKED_SSB_2205(Code.ssb("2E11", "2205"), EnumSet.of(Trait.LOCKED), Texts.LOCKED_SSB, Texts.LOCKED_TODO),
    /** SSB 2E11/2207: the resource is locked. */
    LOCKED_SSB_2207(Code.ssb("2E11", "2207"), EnumSet.of(Trait.LOCKED), Texts.LOCKED_SSB, Texts.LOCKED_TODO),
    /** CCI EX_EACCES: the resource is locked. */
    LOCKED_CCI(Code.cci("EX_EACCES"), EnumSet.of(Trait.LOCKED), Texts.LOCKED, Texts.LOCKED_TODO),
    /** CCI EX_ENOOBJ: the object does not exist. */
    NOT_FOUND_CCI(Code.cci("EX_ENOOBJ"), EnumSet.of(Trait.NOT_FOUND),
            "The object does not exist.",
            "Check the copy group, pair and device group names (defaults <group>P_ / <group>S_).");

    /** What an error means for this tool. */
    public enum Trait {
        /** Another session holds a lock: the array did not execute the request; retried within the lock budget. */
        LOCKED,
        /** The REST server is busy: the array did not execute the request; retried within the busy budget. */
        BUSY,
        /** The object does not exist. */
        NOT_FOUND,
        /** A read of a copy group finds no usable group (it takes this like NOT_FOUND). */
        GROUP_ABSENT,
        /** The credentials were rejected. */
        AUTHENTICATION
    }

    /** The code that identifies an entry. */
    record Code(String messageId, String ssb1, String ssb2, String cci) {
        static Code message(String id) {
            return new Code(id, null, null, null);
        }

        static Code ssb(String ssb1, String ssb2) {
            return new Code(null, ssb1, ssb2, null);
        }

        static Code cci(String code) {
            return new Code(null, null, null, code);
        }
    }

    private static final class Texts {
        static final String LOCKED = "A resource-group lock is held by another session (another tool or user); "
                + "retried for a while.";
        static final String LOCKED_SSB = "The resource is locked by another session; retried for a while.";
        static final String LOCKED_TODO = "If the operation finally fails, find who holds the lock (Storage "
                + "Navigator, another script), then run it again.";
    }

    private final Code code;
    private final Set<Trait> traits;
    private final String meaning;
    private final String whatToDo;

    KnownError(Code code, Set<Trait> traits, String meaning, String whatToDo) {
        this.code = code;
        this.traits = traits;
        this.meaning = meaning;
        this.whatToDo = whatToDo;
    }

    Code code() {
        return code;
    }

    /** The identifying code as the array prints it: {@code KART40050-E}, {@code SSB 2E11/2205}, {@code EX_EACCES}. */
    public String id() {
        return code.messageId != null ? code.messageId : code.cci != null ? code.cci : "SSB " + code.ssb1 + "/" + code.ssb2;
    }

    public boolean has(Trait t) {
        return traits.contains(t);
    }

    public boolean isLocked() {
        return has(Trait.LOCKED);
    }

    public boolean isBusy() {
        return has(Trait.BUSY);
    }

    public boolean isNotFound() {
        return has(Trait.NOT_FOUND);
    }

    /** Not found, or a group the array cannot operate: either way a read of the group finds none. */
    public boolean isGroupAbsent() {
        return has(Trait.NOT_FOUND) || has(Trait.GROUP_ABSENT);
    }

    public boolean isAuthentication() {
        return has(Trait.AUTHENTICATION);
    }

    /** Locked or busy: the array did not execute the request, and it is worth sending again after a while. */
    public boolean isTransient() {
        return isLocked() || isBusy();
    }

    /** What the error means, in plain words. */
    public String meaning() {
        return meaning;
    }

    /** What the user can do about it. */
    public String whatToDo() {
        return whatToDo;
    }
}
