package org.caravan.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;

/** Who may work on an app or store while another request does: the refusals a user reads, and their end. */
class ActivitiesTest {
    private final Activities activities = new Activities();

    private static Activities.Lease granted(Activities.Claim c) {
        return assertInstanceOf(Activities.Claim.Granted.class, c, c.toString()).lease();
    }

    private static String busy(Activities.Claim c) {
        return assertInstanceOf(Activities.Claim.Busy.class, c, c.toString()).reason();
    }

    @Test
    void anAppIsChangedByOneRequestAtATimeAndFreedWhenItEnds() {
        Activities.Lease removing = granted(activities.app("org.example.hello", Activities.Work.REMOVE));
        assertEquals("org.example.hello is being removed by another request; try again when it finishes",
                busy(activities.app("org.example.hello", Activities.Work.INSTALL)));
        // Another app is not held up.
        granted(activities.app("org.example.notes", Activities.Work.INSTALL)).close();
        removing.close();
        Activities.Lease installing = granted(activities.app("org.example.hello", Activities.Work.INSTALL));
        removing.close(); // closing twice frees nothing that another request took meanwhile
        assertEquals("org.example.hello is being installed by another request; try again when it finishes",
                busy(activities.app("org.example.hello", Activities.Work.UPDATE)));
        installing.close();
    }

    @Test
    void aStoreInUseCannotBeLeftAndAStoreBeingLeftCannotBeUsed() {
        Activities.Lease a = granted(activities.useStore("K", "Demo Store", "org.example.hello is being installed from it"));
        Activities.Lease b = granted(activities.useStore("K", "Demo Store", "org.example.notes is being installed from it"));
        assertEquals("Demo Store is in use: org.example.hello is being installed from it; org.example.notes is being "
                + "installed from it; try again when they finish", busy(activities.leaveStore("K", "Demo Store")));
        a.close();
        assertEquals("Demo Store is in use: org.example.notes is being installed from it; try again when it finishes",
                busy(activities.leaveStore("K", "Demo Store")));
        b.close();
        // Another store is independent.
        Activities.Lease other = granted(activities.useStore("L", "Other Store", "x is being installed from it"));

        Activities.Lease leaving = granted(activities.leaveStore("K", "Demo Store"));
        assertEquals("Demo Store is being unsubscribed by another request; nothing of it can be installed or synced now",
                busy(activities.useStore("K", "Demo Store", "org.example.hello is being installed from it")));
        assertEquals("Demo Store is being unsubscribed by another request already",
                busy(activities.leaveStore("K", "Demo Store")));
        leaving.close();
        granted(activities.useStore("K", "Demo Store", "org.example.hello is being installed from it")).close();
        other.close();
    }
}
