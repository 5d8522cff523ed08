# NOT Google's code. An empty stand-in, written by hand for AppLens's demo
# sample, that only borrows the class name of the Firebase Analytics SDK so
# that tracker detection has something to find. It does nothing.
.class public final Lcom/google/firebase/analytics/FirebaseAnalytics;
.super Ljava/lang/Object;
.source "FirebaseAnalytics.java"


.method public static logEvent(Ljava/lang/String;Landroid/os/Bundle;)V
    .locals 0

    return-void
.end method
