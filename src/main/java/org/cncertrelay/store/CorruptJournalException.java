package org.cncertrelay.store;

import java.nio.file.Path;

/**
 * A whole line of a journal that is not a valid entry: the file was damaged or edited. The relay does not start on
 * it, since going on would lose or redo what the line and the lines after it record; the message is the one line a
 * person needs: the file, the line number and what to do.
 */
public final class CorruptJournalException extends IllegalStateException {

    private final Path journal;
    private final int line;

    public CorruptJournalException(Path journal, int line, String reason) {
        super(journal + " line " + line + " is not a valid entry (" + reason + "); the file was damaged or edited. "
                + "Keep a copy of the file, then repair or delete that line and start again "
                + "(README, \"State and restarts\", says what a deleted line costs)");
        this.journal = journal;
        this.line = line;
    }

    public Path journal() {
        return journal;
    }

    public int line() {
        return line;
    }
}
