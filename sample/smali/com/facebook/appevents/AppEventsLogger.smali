# NOT Meta's code. An empty stand-in, written by hand for AppLens's demo
# sample, that only borrows the class name of the Facebook SDK's app-events
# logger so that tracker detection has something to find. It does nothing.
.class public Lcom/facebook/appevents/AppEventsLogger;
.super Ljava/lang/Object;
.source "AppEventsLogger.java"


.method public static activateApp(Landroid/content/Context;)V
    .locals 0

    return-void
.end method
