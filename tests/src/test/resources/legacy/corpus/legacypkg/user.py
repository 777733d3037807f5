# In a package, Python 2 looks for `import helper` in the package first.
import helper
print "helper says", helper.VALUE
