package org.cncertrelay; public class RelayApplication { public static void main(String[] a){} }
